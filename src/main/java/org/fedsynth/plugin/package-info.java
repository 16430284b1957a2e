/**
 * The plug-in registry: each plug-in (strategy, defense wrapper, detector feature, attack, trigger)
 * is a typed settings record, bound by {@link org.fedsynth.plugin.SettingsBinder}, plus the class
 * that record builds; {@link org.fedsynth.plugin.PluginRegistry} lists them by kind and name and
 * {@link org.fedsynth.plugin.PluginDocs} renders their keys for {@code train --help} and
 * docs/CONFIG.md.
 */
package org.fedsynth.plugin;
