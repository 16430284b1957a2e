package org.fedsynth.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A competing CPU-bound process for the {@code contention} and {@code parallel} figures, started
 * and stopped by the bench itself. Kinds: {@code spin} keeps one core busy with one Java thread;
 * {@code engine} trains rounds like a second FedSynth (its engine threads fitted as any FedSynth
 * process's are), printing a line per round of one client; {@code engine-fixed} trains with a fixed
 * number of threads. It exits when its
 * standard input closes, so it never outlives the bench, even one killed with -9.
 */
public final class Competitor {

    private Competitor() {}

    /** Entry point of the child JVM: {@code Competitor KIND}. */
    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for EOF
                }
            } catch (IOException e) {
                // the parent is gone
            }
            Runtime.getRuntime().halt(0);
        }, "competitor-stdin");
        watcher.setDaemon(true);
        watcher.start();
        String kind = args.length > 0 ? args[0] : "spin";
        switch (kind) {
            case "spin" -> {
                System.out.println("ready");
                System.out.flush();
                long x = 0;
                while (true) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                    if (x == 42) {
                        System.out.println(x);
                    }
                }
            }
            case "engine", "engine-fixed" -> {
                if (kind.equals("engine-fixed")) {
                    org.fedsynth.gan.EngineThreads.setAdaptive(false);
                }
                try (RoundLoop loop = new RoundLoop(1, 10)) {
                    loop.round();
                    System.out.println("ready");
                    System.out.flush();
                    while (true) {
                        loop.round();
                        System.out.println("round");
                        System.out.flush();
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown competitor kind '" + kind + "'");
        }
    }

    /** Starts a competitor of {@code kind} with {@code threads} engine threads and waits until it is ready. */
    static Process start(String kind, int threads) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
        cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        cmd.add("-Dai.djl.pytorch.graph_optimizer=false");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Competitor.class.getName());
        cmd.add(kind);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] ready = new byte[6];
        int n = p.getInputStream().readNBytes(ready, 0, ready.length);
        if (n < 5 || !new String(ready, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ready")) {
            p.destroyForcibly();
            throw new IOException("bench: the competing process (" + kind + ") did not start: " + String.join(" ", cmd));
        }
        return p;
    }

    /** Stops a competitor and waits for it to go. */
    static void stop(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        p.destroy();
        try {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
