package org.fedsynth.fl.client;

import java.util.ArrayList;
import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanObjective;
import org.fedsynth.gan.LossTerm;

/**
 * A client's behaviours, applied in list order at their points of the round: the data behaviours
 * wrap the batch source (the first listed innermost), the objective behaviours' terms are added to
 * the loss, and the update behaviours transform the trained update one after another. An honest
 * client has none.
 *
 * @param all the behaviours, copied
 */
public record ClientBehaviours(List<ClientBehaviour> all) {

    private static final ClientBehaviours NONE = new ClientBehaviours(List.of());

    /** Copies the list. */
    public ClientBehaviours {
        all = List.copyOf(all);
    }

    /** An honest client. */
    public static ClientBehaviours none() {
        return NONE;
    }

    /** The given behaviours, in order. */
    public static ClientBehaviours of(ClientBehaviour... behaviours) {
        return new ClientBehaviours(List.of(behaviours));
    }

    /** These behaviours followed by {@code more}. */
    public ClientBehaviours with(ClientBehaviour... more) {
        List<ClientBehaviour> out = new ArrayList<>(all);
        out.addAll(List.of(more));
        return new ClientBehaviours(out);
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** The batches of {@code round} after every data behaviour. */
    public BatchSource data(int round, BatchSource data) {
        BatchSource out = data;
        for (ClientBehaviour b : all) {
            if (b instanceof DataBehaviour d) {
                out = d.apply(round, out);
            }
        }
        return out;
    }

    /** {@code base} with the terms of every objective behaviour active in {@code round}. */
    public GanObjective objective(int round, GanObjective base) {
        GanObjective out = base;
        for (ClientBehaviour b : all) {
            if (b instanceof ObjectiveBehaviour o) {
                LossTerm term = o.term(round);
                if (term != null) {
                    out = out.plus(term);
                }
            }
        }
        return out;
    }

    /** Whether an objective behaviour compares against the round's global generator. */
    public boolean needsGlobalGenerator() {
        for (ClientBehaviour b : all) {
            if (b instanceof ObjectiveBehaviour o && o.needsGlobalGenerator()) {
                return true;
            }
        }
        return false;
    }

    /** The update after every update behaviour. */
    public ClientUpdate update(ClientUpdate trained, ModelWeights globalG, ModelWeights globalD) {
        ClientUpdate out = trained;
        for (ClientBehaviour b : all) {
            if (b instanceof UpdateBehaviour u) {
                out = u.apply(out, globalG, globalD);
            }
        }
        return out;
    }
}
