package org.fedsynth.net.client;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.net.TensorCodec;
import org.fedsynth.net.proto.RoundTask;
import org.fedsynth.net.proto.TaskChunk;
import org.fedsynth.net.proto.TaskRequest;

/**
 * Asks the server for the round's task ({@code GetTask}) and downloads what comes with it: a
 * {@code TRAIN} header is followed by the global generator (and discriminator, when they are
 * averaged), reassembled by {@link TensorCodec.Assembler} against the session's own model; a
 * {@code WAIT} is honoured by sleeping the advised time; a {@code DONE} ends the site.
 */
final class TaskPoller {

    /**
     * One answer of the server.
     *
     * @param header the task (its kind, round, seed, deadline)
     * @param globalG the global generator ({@code TRAIN} only)
     * @param globalD the global discriminator, or {@code null} (not averaged, or not {@code TRAIN})
     * @param downloadS seconds the download of the model took
     */
    record Task(RoundTask header, ModelWeights globalG, ModelWeights globalD, double downloadS) {}

    private final SiteChannel rpc;
    private final String clientId;

    TaskPoller(SiteChannel rpc, String clientId) {
        this.rpc = rpc;
        this.clientId = clientId;
    }

    /**
     * One poll. A {@code WAIT} returns after the advised pause. Throws {@link SiteClient.Fatal} when
     * the global model does not match this build's model.
     */
    Task next(SiteSession s) throws IOException, InterruptedException {
        Iterator<TaskChunk> it = rpc.blocking().getTask(TaskRequest.newBuilder().setClientId(clientId)
                .setCompletedRound(s.state.lastRound()).build());
        RoundTask task = it.next().getHeader();
        if (task.getKind() != RoundTask.Kind.TRAIN) {
            while (it.hasNext()) {
                it.next();
            }
            if (task.getKind() != RoundTask.Kind.DONE) {
                Thread.sleep(Math.max(100, task.getRetryAfterMs()));
            }
            return new Task(task, null, null, 0);
        }
        Map<String, ModelWeights> layout = new LinkedHashMap<>();
        layout.put("g", s.wb.generatorWeights());
        if (s.averageD) {
            layout.put("d", s.wb.discriminatorWeights());
        }
        TensorCodec.Assembler asm = new TensorCodec.Assembler(layout);
        try {
            long t0 = System.nanoTime();
            while (it.hasNext()) {
                asm.accept(it.next().getTensor());
            }
            Map<String, ModelWeights> global = asm.finish();
            return new Task(task, global.get("g"), global.get("d"), (System.nanoTime() - t0) / 1e9);
        } catch (TensorCodec.Invalid e) {
            throw new SiteClient.Fatal("the server sent a global model that does not match this build's model: " + e.getMessage());
        }
    }
}
