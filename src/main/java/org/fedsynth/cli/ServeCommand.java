package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedsynth.net.server.NetServer;
import org.fedsynth.net.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth serve}: the federation's coordinator over gRPC. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the federation server (coordinator): holds the global model, runs the strategy, checkpoints every round.",
            "server.yaml = a run config (seed, federation, training, strategy, output, data.resolution/channels) plus a",
            "server section (port, tls, class_names, clients or clients_file, min_clients, round_timeout_s, status_port, out).",
            "Started again on the same run folder it resumes after the last complete round. SIGTERM stops it cleanly.",
            "See examples/network/server.yaml and README 'Networked deployment'."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "server config, YAML")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (overrides server.out)")
    Path out;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = ServerConfig.read(config);
        NetServer server = NetServer.start(cfg, out, System.out, List.of());
        Thread hook = new Thread(() -> {
            System.out.println("signal received: shutting down cleanly");
            server.close();
        }, "fedsynth-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean complete = server.awaitCompletion();
        server.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running
        }
        if (server.coordinator().failure() != null) {
            throw new IllegalStateException("the coordinator stopped: " + server.coordinator().failure().getMessage(),
                    server.coordinator().failure());
        }
        return complete ? 0 : 1;
    }
}
