package org.fedsynth.net.client;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;
import org.fedsynth.attack.AttackPlan;
import org.fedsynth.attack.AttackSpec;
import org.fedsynth.attack.Trigger;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.TrainingConfig;
import org.fedsynth.data.ImageBatchSource;
import org.fedsynth.data.ImageFolderLoader;
import org.fedsynth.data.ImageSet;
import org.fedsynth.data.Preprocess;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.client.ClientBehaviours;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.fl.client.UpdateBehaviour;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.net.FederationRpc;
import org.fedsynth.net.TensorCodec;
import org.fedsynth.net.proto.HelloReply;
import org.fedsynth.net.proto.HelloRequest;
import org.fedsynth.net.proto.LocalLosses;
import org.fedsynth.net.proto.ModelSpec;
import org.fedsynth.net.proto.RoundTask;
import org.fedsynth.net.proto.SubmitReply;
import org.fedsynth.net.proto.TaskChunk;
import org.fedsynth.net.proto.TaskRequest;
import org.fedsynth.net.proto.UpdateChunk;
import org.fedsynth.net.proto.UpdateHeader;

/**
 * {@code fedsynth join}: a hospital site. It loads its own ImageFolder, says hello to the
 * coordinator (authenticated by its token and/or client certificate), then loops: fetch the
 * round's task and the global model, train locally with {@link LocalClient} (its private D and
 * optimizer state come from and go back to {@link SiteState} on disk), and upload parameters and
 * scalar losses only. When the server is unreachable it retries with exponential backoff (capped
 * at 10 s), so it rides out server restarts. With an attack configured it poisons its own real
 * images, as in the simulation, and says so loudly every round.
 */
public final class SiteClient {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long MAX_BACKOFF_MS = 10_000;

    /**
     * What the site needs.
     *
     * @param host server host
     * @param port server port
     * @param data the site's ImageFolder (one sub-folder per class)
     * @param clientId the site's identity
     * @param token the bearer token, or {@code null} (certificate only)
     * @param tlsCa the CA to trust, or {@code null} for the system's trust store
     * @param clientCert the client certificate for mutual TLS, or {@code null}
     * @param clientKey its key
     * @param plaintext no TLS (loopback experiments)
     * @param stateDir where the private state lives
     * @param attack the attack, or {@code null}
     * @param stallMs fault drill: pause this long before each upload
     * @param tamper test hook applied to each update before upload (identity in production)
     */
    public record Options(String host, int port, Path data, String clientId, String token, Path tlsCa, Path clientCert,
            Path clientKey, boolean plaintext, Path stateDir, AttackSpec attack, long stallMs,
            UnaryOperator<ClientUpdate> tamper) {}

    /** Why the site stopped for good. */
    public static final class Fatal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** With a complete message. */
        public Fatal(String message) {
            super(message);
        }
    }

    private final Options opt;
    private final PrintStream log;
    private final ImageSet raw;
    private volatile boolean stopping;

    /** A site; loads its data now (errors name the file). */
    public SiteClient(Options opt, PrintStream log) {
        this.opt = opt;
        this.log = log;
        this.raw = ImageFolderLoader.load(opt.data());
    }

    /** Reads a token file, with clear errors. */
    public static String readToken(Path file) {
        try {
            String t = Files.readString(file).trim();
            if (t.isEmpty()) {
                throw new ConfigException("--token-file " + file + " is empty (fedsynth certs writes one token per client)");
            }
            return t;
        } catch (NoSuchFileException e) {
            throw new ConfigException("--token-file " + file + " not found (fedsynth certs --out DIR writes DIR/<client>.token)");
        } catch (IOException e) {
            throw new ConfigException("--token-file " + file + ": cannot read: " + e.getMessage());
        }
    }

    private void log(String line) {
        synchronized (log) {
            log.println(LocalTime.now().format(CLOCK) + " [" + opt.clientId() + "] " + line);
            log.flush();
        }
    }

    /** Asks the loop to stop after the current step. */
    public void stop() {
        stopping = true;
    }

    /** Runs until the federation is done; throws {@link Fatal} when the server refuses this site. */
    public void run() throws IOException, InterruptedException {
        ManagedChannel channel = channel();
        try {
            FederationRpc.Client rpc = new FederationRpc.Client(channel, callOptions());
            long backoff = 500;
            Session session = null;
            while (!stopping) {
                try {
                    if (session == null) {
                        session = hello(rpc);
                    }
                    backoff = 500;
                    if (!poll(rpc, session)) {
                        return;
                    }
                } catch (StatusRuntimeException e) {
                    Status.Code code = e.getStatus().getCode();
                    String desc = e.getStatus().getDescription();
                    if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
                        throw new Fatal("refused by the server " + opt.host() + ":" + opt.port() + " (" + code + "): " + desc);
                    }
                    if (code == Status.Code.FAILED_PRECONDITION && session == null) {
                        throw new Fatal("the server does not accept this site: " + desc);
                    }
                    Throwable ssl = sslCause(e);
                    if (ssl != null) {
                        throw new Fatal("TLS with " + opt.host() + ":" + opt.port() + " failed: " + ssl.getMessage()
                                + (opt.tlsCa() != null ? " (is " + opt.tlsCa() + " the CA that signed the server's certificate,"
                                + " and does the certificate name this host?)" : " (pass --tls-ca ca.pem for a private CA)"));
                    }
                    log("server " + opt.host() + ":" + opt.port() + " unreachable (" + code + (desc != null ? ": " + desc : "")
                            + "); retrying in " + backoff / 1000.0 + " s");
                    session = null; // say hello again: the server may have restarted
                    Thread.sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                }
            }
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(2, TimeUnit.SECONDS);
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    private static Throwable sslCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof java.security.cert.CertificateException) {
                return c;
            }
        }
        return null;
    }

    /** What the site learned from hello. */
    private final class Session implements AutoCloseable {
        final int index;
        final GanSpec spec;
        final TrainingConfig training;
        final boolean averageD;
        final long initDSeed;
        final BatchSource benign;
        final AttackPlan plan;
        final Trigger trigger;
        final GanWorkbench wb;
        final SiteState state;

        Session(HelloReply h) throws IOException {
            index = h.getClientIndex();
            ModelSpec s = h.getSpec();
            spec = new GanSpec(s.getResolution(), s.getChannels(), s.getNumClasses(), s.getZDim(), s.getEmbedDim(), s.getBaseWidth());
            var t = h.getTraining();
            training = new TrainingConfig(t.getBatchSize(), t.getLocalSteps() == 0 ? null : t.getLocalSteps(),
                    t.getLocalEpochs() == 0 ? null : t.getLocalEpochs(), t.getLrG(), t.getLrD(), t.getBeta1(), t.getBeta2(),
                    t.getLoss(), t.getGpLambda(), s.getBaseWidth());
            averageD = h.getAverageDiscriminator();
            initDSeed = h.getInitDSeed();
            benign = new ImageBatchSource(Preprocess.toResolution(relabel(raw, s.getClassNamesList()), spec.resolution(),
                    spec.channels()));
            if (opt.attack() != null) {
                plan = opt.attack().forSite(index);
                trigger = Trigger.build(opt.attack().trigger(), spec.resolution(), spec.channels());
            } else {
                plan = null;
                trigger = null;
            }
            wb = new GanWorkbench(spec, training.settings());
            state = new SiteState(opt.stateDir(), index);
        }

        @Override
        public void close() {
            wb.close();
        }
    }

    private Session current;
    private double downloadS;

    private Session hello(FederationRpc.Client rpc) throws IOException {
        HelloReply h = rpc.hello(HelloRequest.newBuilder().setClientId(opt.clientId()).setAttackEnabled(opt.attack() != null)
                .setSamples(raw.size()).addAllClassNames(raw.classNames()).build());
        if (current == null || current.index != h.getClientIndex() || !sameSpec(current, h)) {
            if (current != null) {
                current.close();
            }
            current = new Session(h);
        }
        log("joined " + opt.host() + ":" + opt.port() + " as client index " + h.getClientIndex() + " (" + raw.size()
                + " images); " + h.getCompletedRound() + " of " + h.getRounds() + " rounds complete; my last trained round "
                + current.state.lastRound());
        if (opt.attack() != null) {
            banner();
        }
        return current;
    }

    private static boolean sameSpec(Session s, HelloReply h) {
        ModelSpec m = h.getSpec();
        return s.spec.equals(new GanSpec(m.getResolution(), m.getChannels(), m.getNumClasses(), m.getZDim(), m.getEmbedDim(),
                m.getBaseWidth()));
    }

    private void banner() {
        log("WARNING ******************************************************************");
        log("WARNING  ATTACK ENABLED on this site (experiment): poisoning " + Math.round(opt.attack().poisonRate() * 100)
                + "% of real images with a " + opt.attack().trigger().type().configName() + " trigger from round "
                + opt.attack().startRound());
        log("WARNING ******************************************************************");
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
        return new ImageSet(classes, set.channels(), set.height(), set.width(), set.images(), labels, set.source());
    }

    /** One poll; returns false when the federation is done. */
    private boolean poll(FederationRpc.Client rpc, Session s) throws IOException, InterruptedException {
        Iterator<TaskChunk> it = rpc.getTask(TaskRequest.newBuilder().setClientId(opt.clientId())
                .setCompletedRound(s.state.lastRound()).build());
        RoundTask task = it.next().getHeader();
        switch (task.getKind()) {
            case DONE -> {
                while (it.hasNext()) {
                    it.next();
                }
                log("federation complete (" + task.getRounds() + " rounds); exiting");
                return false;
            }
            case TRAIN -> {
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
                    downloadS = (System.nanoTime() - t0) / 1e9;
                    train(rpc, s, task, global.get("g"), global.get("d"));
                } catch (TensorCodec.Invalid e) {
                    throw new Fatal("the server sent a global model that does not match this build's model: " + e.getMessage());
                }
                return true;
            }
            default -> {
                while (it.hasNext()) {
                    it.next();
                }
                Thread.sleep(Math.max(100, task.getRetryAfterMs()));
                return true;
            }
        }
    }

    private void train(FederationRpc.Client rpc, Session s, RoundTask task, ModelWeights globalG, ModelWeights globalD)
            throws IOException, InterruptedException {
        int r = task.getRound();
        boolean attacking = s.plan != null && s.plan.isActive(r, s.index);
        if (s.plan != null) {
            log("WARNING: ATTACK " + (attacking ? "ACTIVE" : "configured, not yet active") + " in round " + r);
        }
        ClientBehaviours behaviours = s.plan == null ? ClientBehaviours.none() : s.plan.behavioursFor(s.index, s.trigger);
        if (opt.tamper() != null) {
            behaviours = behaviours.with((UpdateBehaviour) (upd, g, d) -> opt.tamper().apply(upd)); // test hook
        }
        int steps = s.training.stepsFor(s.benign.size());
        ClientState state = s.state.before(r, i -> new ClientState(i, s.wb.initialDiscriminator(s.initDSeed), null, null));
        log("round " + r + " of " + task.getRounds() + ": training " + steps + " local steps on " + s.benign.size() + " images");
        long t0 = System.nanoTime();
        LocalClient.Result res = LocalClient.trainRound(s.wb, state, r, globalG, globalD, s.benign, steps,
                new Random(task.getTrainSeed()), behaviours);
        s.state.save(res.state(), r);
        ClientUpdate u = res.update();
        if (opt.stallMs() > 0) {
            log("fault drill: stalling " + opt.stallMs() + " ms before the upload");
            Thread.sleep(opt.stallMs());
        }
        long t1 = System.nanoTime();
        SubmitReply reply = submit(rpc, u, r);
        double uploadS = (System.nanoTime() - t1) / 1e9;
        log("round " + r + ": " + (reply.getAccepted() ? "update accepted" : "update refused: " + reply.getMessage())
                + String.format(" (lossD %.3f lossG %.3f; %.1f s in all; model %.2f MB: download %.3f s, upload %.3f s)",
                u.stats().lossDMean(), u.stats().lossGMean(), (System.nanoTime() - t0) / 1e9,
                u.generator().numel() * 4 / 1e6, downloadS, uploadS));
    }

    private SubmitReply submit(FederationRpc.Client rpc, ClientUpdate u, int round) throws InterruptedException {
        CompletableFuture<SubmitReply> done = new CompletableFuture<>();
        StreamObserver<UpdateChunk> up = rpc.submit(new StreamObserver<>() {
            private SubmitReply reply;

            @Override
            public void onNext(SubmitReply value) {
                reply = value;
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(reply);
            }
        });
        var st = u.stats();
        up.onNext(UpdateChunk.newBuilder().setHeader(UpdateHeader.newBuilder().setClientId(opt.clientId()).setRound(u.round())
                .setSamples(u.samples()).setLosses(LocalLosses.newBuilder().setLossGMean(st.lossGMean())
                        .setLossGLast(st.lossGLast()).setLossDMean(st.lossDMean()).setLossDLast(st.lossDLast())
                        .setSteps(st.steps()))).build());
        TensorCodec.encode("g", u.generator(), TensorCodec.DEFAULT_CHUNK_BYTES, c -> up.onNext(UpdateChunk.newBuilder().setTensor(c).build()));
        if (u.discriminator() != null) {
            TensorCodec.encode("d", u.discriminator(), TensorCodec.DEFAULT_CHUNK_BYTES,
                    c -> up.onNext(UpdateChunk.newBuilder().setTensor(c).build()));
        }
        up.onCompleted();
        try {
            return done.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException sre) {
                Status.Code code = sre.getStatus().getCode();
                if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.ALREADY_EXISTS
                        || code == Status.Code.FAILED_PRECONDITION) {
                    log("round " + round + ": the server REJECTED the update (" + code + "): " + sre.getStatus().getDescription());
                    return SubmitReply.newBuilder().setAccepted(false).setMessage(String.valueOf(sre.getStatus().getDescription())).build();
                }
                throw sre;
            }
            throw new StatusRuntimeException(Status.UNKNOWN.withCause(e.getCause()));
        } catch (TimeoutException e) {
            throw new StatusRuntimeException(Status.DEADLINE_EXCEEDED.withDescription("no answer to the upload in 10 minutes"));
        }
    }

    private ManagedChannel channel() throws SSLException {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(opt.host(), opt.port()).maxInboundMessageSize(8 << 20);
        if (opt.plaintext()) {
            b.usePlaintext();
        } else {
            SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK);
            if (opt.tlsCa() != null) {
                ssl.trustManager(requireFile(opt.tlsCa(), "--tls-ca").toFile());
            }
            if (opt.clientCert() != null) {
                if (opt.clientKey() == null) {
                    throw new ConfigException("--tls-cert needs --tls-key (the client's private key, PKCS#8 PEM)");
                }
                try {
                    ssl.keyManager(requireFile(opt.clientCert(), "--tls-cert").toFile(), requireFile(opt.clientKey(), "--tls-key").toFile());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("--tls-cert/--tls-key: cannot load " + opt.clientCert() + " / " + opt.clientKey()
                            + ": " + e.getMessage());
                }
            }
            b.sslContext(ssl.build());
        }
        return b.build();
    }

    private static Path requireFile(Path p, String flag) {
        if (!Files.isRegularFile(p)) {
            throw new ConfigException(flag + " " + p + " not found");
        }
        return p;
    }

    private CallOptions callOptions() {
        if (opt.token() == null) {
            return CallOptions.DEFAULT;
        }
        String token = opt.token();
        return CallOptions.DEFAULT.withCallCredentials(new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                applier.apply(m);
            }
        });
    }
}
