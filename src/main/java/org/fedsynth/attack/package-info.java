/**
 * Backdoor attacks on federated GAN-based image synthesis (Jin and Li, "Backdoor attack and defense
 * in federated generative adversarial network-based medical image synthesis", Medical Image
 * Analysis 2023): a malicious client pastes a trigger on its <em>real</em> images before its
 * discriminator sees them, so the shared generator learns to draw the trigger.
 *
 * <p><b>Value-range convention.</b> Images inside training are {@code float} arrays, CHW per image,
 * in [-1, 1] (byte {@code p} maps to {@code p / 127.5 - 1}); a batch is a
 * {@link org.fedsynth.gan.RealBatch}. Triggers are defined as RGB intensities in [0, 1], converted to
 * the model's range by {@code v * 2 - 1}, and pasted <em>after</em> normalisation, replacing the
 * pixels (opaque paste), except where a trigger has soft edges (the {@code pattern}'s feathered
 * border, an {@code image} PNG's alpha), which alpha-blend {@code a * t + (1 - a) * x}, and the
 * {@code frequency} trigger (Feng et al., "FIBA", CVPR 2022), which is additive in the amplitude
 * spectrum of the whole image. On grayscale data ({@code C = 1}) a colour trigger is converted to
 * luminance {@code 0.299 R + 0.587 G + 0.114 B} before pasting; a white trigger is exactly
 * {@code +1.0} in every channel of the patch.
 *
 * <p><b>Pieces.</b> {@link org.fedsynth.attack.AttackSpec} and {@link org.fedsynth.attack.TriggerSpec}
 * are the {@code attack} config section (Jackson-bound records); {@link org.fedsynth.attack.AttackPlan}
 * resolves the malicious clients for a federation and gives each client its
 * {@link org.fedsynth.fl.client.ClientBehaviours}: {@link org.fedsynth.attack.PoisonData} (a data
 * behaviour: batches through {@link org.fedsynth.attack.PoisonedBatchSource}, a decorator on the
 * client's {@link org.fedsynth.gan.BatchSource}; generated images and benign clients are never
 * touched) and {@link org.fedsynth.attack.UpdateScaling} (an update behaviour,
 * {@code attack.update_scale}). {@link org.fedsynth.attack.Trigger} is a trigger built for one
 * resolution and channel count, a {@link org.fedsynth.attack.PatchTrigger} or a
 * {@link org.fedsynth.attack.FrequencyTrigger}; {@link org.fedsynth.attack.TriggerScore} measures the
 * trigger in generated images; {@link org.fedsynth.attack.TriggerPreview} draws the triggers for
 * documentation.
 */
package org.fedsynth.attack;
