package org.fedsynth.net.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;
import org.fedsynth.attack.AttackSpec;
import org.fedsynth.data.ImageFolderLoader;
import org.fedsynth.data.ImageSet;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.net.proto.HelloReply;
import org.fedsynth.net.proto.HelloRequest;
import org.fedsynth.net.proto.RoundTask;

/**
 * {@code fedsynth join}: a hospital site. It loads its own ImageFolder, says hello to the
 * coordinator over a {@link SiteChannel} (authenticated by its token and/or client certificate),
 * keeps what it learned in a {@link SiteSession}, then loops: {@link TaskPoller} fetches the
 * round's task and the global model, {@link SiteRound} trains locally (its private D and
 * optimizer state come from and go back to {@link SiteState} on disk) and uploads parameters and
 * scalar losses only ({@link UpdateUploader}). This class owns the loop: when the server is
 * unreachable it retries with exponential backoff (capped at 10 s) and says hello again, so it
 * rides out server restarts; refusals and TLS failures stop it with a {@link Fatal}. With an
 * attack configured it poisons its own real images, as in the simulation, and says so loudly
 * every round.
 */
public final class SiteClient {

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
    private final SiteLog log;
    private final ImageSet raw;
    private volatile boolean stopping;
    private SiteSession current;

    /** A site; loads its data now (errors name the file). */
    public SiteClient(Options opt, PrintStream log) {
        this.opt = opt;
        this.log = new SiteLog(log, opt.clientId());
        this.raw = loadSiteData(opt.data());
    }

    /**
     * The site's images: {@code data} is an ImageFolder (one sub-folder per class), or a YAML file whose
     * {@code data} section says how to read them (any {@code data.format}: {@code dicom} for a PACS export,
     * {@code csv} for an ISIC-style manifest, ...; its {@code resolution} should be the federation's, or
     * the images are resized again when the server's model spec arrives).
     */
    static ImageSet loadSiteData(java.nio.file.Path data) {
        String name = data.getFileName() == null ? "" : data.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (java.nio.file.Files.isRegularFile(data) && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
            org.fedsynth.config.RunConfig c = org.fedsynth.config.ConfigIO.read(data);
            if (c.data().format().equals("phantom")) {
                throw new org.fedsynth.config.ConfigException(data + ": data.format is phantom (the default); a site's data file"
                        + " names its own images, e.g. data: {format: dicom, path: /pacs/export, labels_csv: labels.csv}");
            }
            return org.fedsynth.data.Datasets.load(c.data(), 0L);
        }
        return ImageFolderLoader.load(data);
    }

    /** Asks the loop to stop after the current step. */
    public void stop() {
        stopping = true;
    }

    /** Runs until the federation is done; throws {@link Fatal} when the server refuses this site. */
    public void run() throws IOException, InterruptedException {
        SiteChannel rpc = SiteChannel.open(opt);
        try {
            TaskPoller poller = new TaskPoller(rpc, opt.clientId());
            SiteRound round = new SiteRound(opt, new UpdateUploader(rpc, opt.clientId(), log), log);
            long backoff = 500;
            SiteSession session = null;
            while (!stopping) {
                try {
                    if (session == null) {
                        session = hello(rpc);
                    }
                    backoff = 500;
                    TaskPoller.Task task = poller.next(session);
                    if (task.header().getKind() == RoundTask.Kind.DONE) {
                        log.line("federation complete (" + task.header().getRounds() + " rounds); exiting");
                        return;
                    }
                    if (task.header().getKind() == RoundTask.Kind.TRAIN) {
                        round.run(session, task);
                    }
                } catch (StatusRuntimeException e) {
                    fatalOrRetry(e, session == null, backoff);
                    session = null; // say hello again: the server may have restarted
                    Thread.sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                }
            }
        } finally {
            rpc.shutdown();
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /** Throws {@link Fatal} for a failure that retrying cannot cure; logs the retry otherwise. */
    private void fatalOrRetry(StatusRuntimeException e, boolean beforeHello, long backoff) {
        Status.Code code = e.getStatus().getCode();
        String desc = e.getStatus().getDescription();
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
            throw new Fatal("refused by the server " + opt.host() + ":" + opt.port() + " (" + code + "): " + desc);
        }
        if (code == Status.Code.FAILED_PRECONDITION && beforeHello) {
            throw new Fatal("the server does not accept this site: " + desc);
        }
        Throwable ssl = sslCause(e);
        if (ssl != null) {
            throw new Fatal("TLS with " + opt.host() + ":" + opt.port() + " failed: " + ssl.getMessage()
                    + (opt.tlsCa() != null ? " (is " + opt.tlsCa() + " the CA that signed the server's certificate,"
                    + " and does the certificate name this host?)" : " (pass --tls-ca ca.pem for a private CA)"));
        }
        log.line("server " + opt.host() + ":" + opt.port() + " unreachable (" + code + (desc != null ? ": " + desc : "")
                + "); retrying in " + backoff / 1000.0 + " s");
    }

    private static Throwable sslCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof java.security.cert.CertificateException) {
                return c;
            }
        }
        return null;
    }

    /** Says hello; keeps the current session when the server describes the same one (a reconnect). */
    private SiteSession hello(SiteChannel rpc) throws IOException {
        HelloReply h = rpc.blocking().hello(HelloRequest.newBuilder().setClientId(opt.clientId())
                .setAttackEnabled(opt.attack() != null).setSamples(raw.size()).addAllClassNames(raw.classNames()).build());
        if (current == null || !current.matches(h)) {
            if (current != null) {
                current.close();
            }
            current = new SiteSession(h, raw, opt.attack(), opt.stateDir());
        }
        log.line("joined " + opt.host() + ":" + opt.port() + " as client index " + h.getClientIndex() + " (" + raw.size()
                + " images); " + h.getCompletedRound() + " of " + h.getRounds() + " rounds complete; my last trained round "
                + current.state.lastRound());
        if (opt.attack() != null) {
            banner();
        }
        return current;
    }

    private void banner() {
        log.line("WARNING ******************************************************************");
        log.line("WARNING  ATTACK ENABLED on this site (experiment): poisoning " + Math.round(opt.attack().poisonRate() * 100)
                + "% of real images with a " + opt.attack().trigger().type().configName() + " trigger from round "
                + opt.attack().startRound());
        log.line("WARNING ******************************************************************");
    }
}
