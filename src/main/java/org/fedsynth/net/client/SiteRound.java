package org.fedsynth.net.client;

import java.io.IOException;
import java.util.Random;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.client.ClientBehaviours;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.fl.client.UpdateBehaviour;
import org.fedsynth.net.proto.RoundTask;
import org.fedsynth.net.proto.SubmitReply;

/**
 * One round at a site: picks the batches (poisoned when the site's attack is active, said loudly),
 * loads the private state the round starts from, trains locally ({@link #trainLocally}, the one
 * training call, shared in content with the simulation's {@link LocalClient}), stores the new
 * private state, then uploads the update with {@link UpdateUploader} and logs the outcome and
 * timings. The fault drill's stall happens between training and upload.
 */
final class SiteRound {

    private final SiteClient.Options opt;
    private final UpdateUploader uploader;
    private final SiteLog log;

    SiteRound(SiteClient.Options opt, UpdateUploader uploader, SiteLog log) {
        this.opt = opt;
        this.uploader = uploader;
        this.log = log;
    }

    /** Trains round {@code t} of session {@code s} and uploads the update. */
    void run(SiteSession s, TaskPoller.Task t) throws IOException, InterruptedException {
        RoundTask task = t.header();
        int r = task.getRound();
        boolean attacking = s.plan != null && s.plan.isActive(r, s.index);
        if (s.plan != null) {
            log.line("WARNING: ATTACK " + (attacking ? "ACTIVE" : "configured, not yet active") + " in round " + r);
        }
        int steps = s.training.stepsFor(s.benign.size());
        ClientState state = s.state.before(r, i -> new ClientState(i, s.wb.initialDiscriminator(s.initDSeed), null, null));
        log.line("round " + r + " of " + task.getRounds() + ": training " + steps + " local steps on " + s.benign.size()
                + " images");
        long t0 = System.nanoTime();
        ClientUpdate u = trainLocally(s, state, task, t.globalG(), t.globalD(), steps);
        if (opt.stallMs() > 0) {
            log.line("fault drill: stalling " + opt.stallMs() + " ms before the upload");
            Thread.sleep(opt.stallMs());
        }
        long t1 = System.nanoTime();
        SubmitReply reply = uploader.submit(u, r);
        double uploadS = (System.nanoTime() - t1) / 1e9;
        log.line("round " + r + ": " + (reply.getAccepted() ? "update accepted" : "update refused: " + reply.getMessage())
                + String.format(" (lossD %.3f lossG %.3f; %.1f s in all; model %.2f MB: download %.3f s, upload %.3f s)",
                u.stats().lossDMean(), u.stats().lossGMean(), (System.nanoTime() - t0) / 1e9,
                u.generator().numel() * 4 / 1e6, t.downloadS(), uploadS));
    }

    /**
     * The local training of round {@code task}: the one trainer of both transports with this site's
     * behaviours (its attack plan's, for an experiment, then the tests' tamper hook as an update
     * behaviour); the private state it trained is stored.
     */
    private ClientUpdate trainLocally(SiteSession s, ClientState state, RoundTask task, ModelWeights globalG,
            ModelWeights globalD, int steps) throws IOException {
        int r = task.getRound();
        ClientBehaviours behaviours = s.behaviours;
        if (opt.tamper() != null) {
            behaviours = behaviours.with((UpdateBehaviour) (upd, g, d) -> opt.tamper().apply(upd));
        }
        LocalClient.Result res = LocalClient.trainRound(s.wb, state, r, globalG, globalD, s.benign, steps,
                new Random(task.getTrainSeed()), behaviours);
        s.state.save(res.state(), r);
        return res.update();
    }
}
