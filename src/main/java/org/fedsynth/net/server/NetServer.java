package org.fedsynth.net.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.server.RunParts;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.run.RunStart;
import org.fedsynth.run.RunSummary;

/**
 * {@code fedsynth serve}: the coordinator process. Opens (or resumes) the run folder, starts the
 * {@link Coordinator} loop, serves the {@code Federation} gRPC service over TLS (mutual TLS
 * optional) with {@link AuthInterceptor} in front, and an optional JSON status page on
 * 127.0.0.1. Restarting on the same run folder resumes after the last complete round. {@link
 * #close()} (also the SIGTERM hook) abandons an open round, lets a round being checkpointed
 * finish, and stops the servers; nothing partial is written.
 */
public final class NetServer implements AutoCloseable {

    private final ServerConfig cfg;
    private final RunDirectory dir;
    private final AutoCloseable lock;
    private final Coordinator coordinator;
    private final Thread loop;
    private final Server grpc;
    private final HttpServer http;
    private final PrintStream log;
    private final long started = System.nanoTime();
    private boolean closed;

    private NetServer(ServerConfig cfg, RunDirectory dir, AutoCloseable lock, Coordinator coordinator, Thread loop,
            Server grpc, HttpServer http, PrintStream log) {
        this.cfg = cfg;
        this.dir = dir;
        this.lock = lock;
        this.coordinator = coordinator;
        this.loop = loop;
        this.grpc = grpc;
        this.http = http;
        this.log = log;
    }

    /** Starts the server; {@code out} overrides {@code server.out}; {@code extra} interceptors run after authentication. */
    public static NetServer start(ServerConfig cfg, Path out, PrintStream log, List<ServerInterceptor> extra) throws IOException {
        RunConfig run = cfg.run();
        ServerConfig.Section s = cfg.server();
        if (out == null) {
            if (s.out() == null) {
                throw new ConfigException("no run folder: set server.out in the server config or pass --out DIR");
            }
            out = cfg.resolve(s.out());
        }
        SslContext ssl = s.plaintext() ? null : sslContext(cfg);
        GanSpec spec = spec(cfg);
        AggregationStrategy strategy = RunParts.strategy(run);
        RunDirectory dir = new RunDirectory(out);
        AutoCloseable lock = dir.lock();
        try {
            Checkpoint resume = RunStart.checkpointToResume(dir, run, RunStart.Policy.ALWAYS, true, log).orElse(null);
            if (resume != null) {
                RunStart.checkSameModel(resume, spec, s.classNames(), "use another server.out");
                log.println("resuming " + out + " after round " + resume.round() + " of " + run.federation().rounds()
                        + " (the last complete round)");
            }
            ObjectNode provenance = RunStart.fields();
            var clients = provenance.putArray("clients");
            s.clients().forEach(c -> clients.add(c.id()));
            RunStart.record(dir, run, "network", spec, s.classNames(), resume != null, provenance);
            Credentials creds = new Credentials(s.clients());
            Coordinator coordinator = new Coordinator(cfg, spec, strategy, creds, dir, resume, log);
            FederationService service = new FederationService(coordinator, run, spec, s.classNames(), s.chunkBytes(),
                    dir.root().getFileName().toString());
            List<ServerInterceptor> chain = new ArrayList<>(extra);
            chain.add(new AuthInterceptor(creds, coordinator::refused)); // the last one added runs first
            NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(s.host(), s.port()))
                    .maxInboundMessageSize(s.chunkBytes() + (1 << 20))
                    .addService(ServerInterceptors.intercept(service, chain));
            if (ssl != null) {
                b.sslContext(ssl);
            }
            Server grpc = b.build();
            try {
                grpc.start();
            } catch (IOException e) {
                throw new IOException("cannot listen on " + s.host() + ":" + s.port() + ": " + e.getMessage()
                        + " (is another server running? choose another server.port)", e);
            }
            HttpServer http = null;
            if (s.statusPort() > 0) {
                http = HttpServer.create(new InetSocketAddress("127.0.0.1", s.statusPort()), 0);
                http.createContext("/", ex -> {
                    byte[] body = coordinator.statusJson().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(body);
                    }
                });
                http.start();
            }
            Thread loop = new Thread(coordinator, "fedsynth-coordinator");
            loop.start();
            if (s.plaintext()) {
                log.println("WARNING: TLS is OFF (server.plaintext: true): tokens and models travel in clear; loopback experiments only");
            }
            log.println("fedsynth server listening on " + s.host() + ":" + grpc.getPort() + (ssl == null ? " (plaintext)"
                    : s.tls().clientCa() != null ? " (TLS, client certificates " + s.tls().clientAuth() + ")" : " (TLS)")
                    + ", strategy " + strategy.name() + ", " + creds.all().size() + " known clients, min_clients "
                    + s.minClients() + ", round_timeout_s " + s.roundTimeoutS()
                    + (http != null ? ", status http://127.0.0.1:" + s.statusPort() + "/" : ""));
            log.println("run folder " + out.toAbsolutePath());
            log.flush();
            return new NetServer(cfg, dir, lock, coordinator, loop, grpc, http, log);
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (Exception ignored) {
                // the original error matters
            }
            throw e;
        }
    }

    /** The model the config describes. */
    static GanSpec spec(ServerConfig cfg) {
        RunConfig run = cfg.run();
        int channels = run.data().channels() == null ? 1 : run.data().channels();
        return GanSpec.of(run.data().resolution(), channels, cfg.server().classNames().size(), run.training().baseWidth());
    }

    private static SslContext sslContext(ServerConfig cfg) {
        ServerConfig.Tls t = cfg.server().tls();
        Path cert = existing(cfg.resolve(t.cert()), "server.tls.cert");
        Path key = existing(cfg.resolve(t.key()), "server.tls.key");
        try {
            SslContextBuilder b = GrpcSslContexts.configure(SslContextBuilder.forServer(cert.toFile(), key.toFile()), SslProvider.JDK);
            if (t.clientCa() != null) {
                b.trustManager(existing(cfg.resolve(t.clientCa()), "server.tls.client_ca").toFile())
                        .clientAuth(t.clientAuth().equals("require") ? ClientAuth.REQUIRE
                                : t.clientAuth().equals("optional") ? ClientAuth.OPTIONAL : ClientAuth.NONE);
            }
            return b.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("server.tls: cannot load " + cert + " / " + key + ": " + e.getMessage()
                    + " (expected a PEM certificate and a PKCS#8 PEM key, as written by fedsynth certs)", e);
        }
    }

    private static Path existing(Path p, String key) {
        if (!Files.isRegularFile(p)) {
            throw new ConfigException(key + ": " + p + " not found (make test certificates with: fedsynth certs --out DIR --clients a,b)");
        }
        return p;
    }

    /** The bound gRPC port. */
    public int port() {
        return grpc.getPort();
    }

    /** The coordinator. */
    public Coordinator coordinator() {
        return coordinator;
    }

    /**
     * Waits until all rounds are complete, keeps answering "done" for a short grace period so the
     * connected clients hear it, then writes {@code summary.json}.
     *
     * @return whether the run completed (false after a stop or an error)
     */
    public boolean awaitCompletion() throws InterruptedException, IOException {
        loop.join();
        if (coordinator.failure() != null || coordinator.completedRound() < coordinator.rounds()) {
            return false;
        }
        RunSummary.write(dir, coordinator.declaredAttackers(), (System.nanoTime() - started) / 1e9);
        long until = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < until && coordinator.connectedCount() > coordinator.toldDoneCount()) {
            Thread.sleep(100);
        }
        log.println("done: " + dir.root() + " (summary.json, metrics.jsonl, samples/, checkpoints/)");
        return true;
    }

    /** Stops: abandons an open round, waits for a checkpoint in progress, stops the servers, releases the run folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean midCommit = coordinator.committing();
        coordinator.stop();
        try {
            loop.join(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        grpc.shutdown();
        try {
            if (!grpc.awaitTermination(3, TimeUnit.SECONDS)) {
                grpc.shutdownNow();
            }
        } catch (InterruptedException e) {
            grpc.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (http != null) {
            http.stop(0);
        }
        try {
            lock.close();
        } catch (Exception e) {
            log.println("warning: releasing " + dir.root() + "/.lock: " + e.getMessage());
        }
        log.println("server stopped" + (midCommit ? " (after finishing the checkpoint in progress)" : "")
                + "; last complete round " + coordinator.completedRound() + " of " + coordinator.rounds());
        log.flush();
    }
}
