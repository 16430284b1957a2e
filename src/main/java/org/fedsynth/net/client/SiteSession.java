package org.fedsynth.net.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedsynth.attack.AttackPlan;
import org.fedsynth.attack.AttackSpec;
import org.fedsynth.attack.Trigger;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.TrainingConfig;
import org.fedsynth.data.ImageBatchSource;
import org.fedsynth.data.ImageSet;
import org.fedsynth.data.Preprocess;
import org.fedsynth.fl.client.ClientBehaviours;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.net.HelloMessages;
import org.fedsynth.net.proto.HelloReply;
import org.fedsynth.net.proto.ModelSpec;

/**
 * What a site learned from the server's {@code HelloReply}: its index in the federation, the
 * model and training settings, whether discriminators are averaged, the seed of its initial
 * private discriminator; and what it builds from them: its data relabelled onto the federation's
 * classes at the model's resolution, the attack plan and trigger (if the site attacks), the
 * workbench, and its private {@link SiteState}. Closing it frees the workbench.
 */
final class SiteSession implements AutoCloseable {

    final int index;
    final GanSpec spec;
    final TrainingConfig training;
    final boolean averageD;
    final long initDSeed;
    final BatchSource benign;
    final AttackPlan plan;
    final Trigger trigger;
    /** What this site does differently (none for an honest site). */
    final ClientBehaviours behaviours;
    final GanWorkbench wb;
    final SiteState state;

    /** The session {@code h} describes, over the site's {@code raw} data; {@code attack} may be {@code null}. */
    SiteSession(HelloReply h, ImageSet raw, AttackSpec attack, Path stateDir) throws IOException {
        index = h.getClientIndex();
        ModelSpec s = h.getSpec();
        spec = HelloMessages.spec(s);
        training = HelloMessages.training(h.getTraining(), s.getBaseWidth());
        averageD = h.getAverageDiscriminator();
        initDSeed = h.getInitDSeed();
        benign = new ImageBatchSource(Preprocess.toResolution(relabel(raw, s.getClassNamesList()), spec.resolution(),
                spec.channels()));
        if (attack != null) {
            try {
                plan = attack.forSite(index);
                plan.check(1, spec.numClasses(), true);
                trigger = Trigger.build(attack.trigger(), spec.resolution(), spec.channels());
                behaviours = plan.behavioursFor(index, trigger, h.getClipBound() > 0 ? h.getClipBound() : null);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--attack: " + e.getMessage(), e);
            }
        } else {
            behaviours = ClientBehaviours.none();
            plan = null;
            trigger = null;
        }
        wb = new GanWorkbench(spec, training.settings());
        state = new SiteState(stateDir, index);
    }

    /** Whether a later hello (after a reconnect) still describes this session: same index, same model. */
    boolean matches(HelloReply h) {
        return index == h.getClientIndex() && spec.equals(HelloMessages.spec(h.getSpec()));
    }

    /** Maps the site's labels onto the federation's class list (its folders may be a subset). */
    static ImageSet relabel(ImageSet set, List<String> classes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        int[] labels = set.labels();
        for (int i = 0; i < labels.length; i++) {
            Integer l = index.get(set.classNames().get(labels[i]));
            if (l == null) {
                throw new ConfigException(set.source() + ": class folder '" + set.classNames().get(labels[i])
                        + "' is not one of the federation's classes " + classes);
            }
            labels[i] = l;
        }
        return new ImageSet(classes, set.channels(), set.height(), set.width(), set.images(), labels, set.source(), set.patients());
    }

    @Override
    public void close() {
        wb.close();
    }
}
