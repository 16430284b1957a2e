package org.fedsynth.net.client;

import java.io.IOException;
import java.util.Random;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.gan.BatchSource;
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
        BatchSource src = s.plan == null ? s.benign : s.plan.sourceFor(r, s.index, s.benign, s.trigger);
        int steps = s.training.stepsFor(src.size());
        ClientState state = s.state.before(r, i -> new ClientState(i, s.wb.initialDiscriminator(s.initDSeed), null, null));
        log.line("round " + r + " of " + task.getRounds() + ": training " + steps + " local steps on " + src.size() + " images");
        long t0 = System.nanoTime();
        ClientUpdate u = trainLocally(s, state, task, t.globalG(), t.globalD(), src, steps);
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

    /** The local training of round {@code task}: one call, then the private state is stored and the update tampered (tests). */
    private ClientUpdate trainLocally(SiteSession s, ClientState state, RoundTask task, ModelWeights globalG,
            ModelWeights globalD, BatchSource src, int steps) throws IOException {
        int r = task.getRound();
        LocalClient.Result res = LocalClient.trainRound(s.wb, state, r, globalG, globalD, src, steps, new Random(task.getTrainSeed()));
        s.state.save(res.state(), r);
        return opt.tamper() == null ? res.update() : opt.tamper().apply(res.update());
    }
}
