package org.fedsynth.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedsynth.data.ImageFolderWriter;
import org.fedsynth.data.Phantoms;

/**
 * Real processes on loopback for the network tests: phantom site folders, a test CA, and child
 * JVMs ({@code fedsynth serve} / {@code fedsynth join}) on the test classpath with one engine
 * thread each, their output in log files the test polls.
 */
final class NetFixture implements AutoCloseable {

    final Path root;
    final Path certs;
    private final List<Proc> procs = new ArrayList<>();

    /** A process and its log. */
    record Proc(Process process, Path log) {
        String text() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }

        /** Waits until the log matches {@code regex}; returns the first group (or the match). */
        String await(String regex, long timeoutS) throws Exception {
            Pattern p = Pattern.compile(regex);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
            while (System.nanoTime() < until) {
                Matcher m = p.matcher(text());
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : m.group();
                }
                if (!process.isAlive() && !p.matcher(text()).find()) {
                    throw new AssertionError("process exited (" + process.exitValue() + ") before /" + regex + "/:\n" + text());
                }
                Thread.sleep(100);
            }
            throw new AssertionError("timed out after " + timeoutS + " s waiting for /" + regex + "/ in " + log + ":\n" + text());
        }

        /** Waits for exit and returns the status. */
        int exit(long timeoutS) throws Exception {
            if (!process.waitFor(timeoutS, TimeUnit.SECONDS)) {
                throw new AssertionError("still running after " + timeoutS + " s: " + log + ":\n" + text());
            }
            return process.exitValue();
        }
    }

    NetFixture(Path root, List<String> clients) throws IOException {
        this.root = root;
        this.certs = root.resolve("certs");
        Certs.make(certs, clients, List.of("localhost", "127.0.0.1"), 1);
    }

    /** A phantom ImageFolder for site {@code i} (its own seed, so sites differ). */
    Path siteData(int i, int count) {
        Path dir = root.resolve("data/site" + i);
        if (!Files.isDirectory(dir)) {
            ImageFolderWriter.write(Phantoms.generate("cxr", count, 32, 100 + i), dir);
        }
        return dir;
    }

    /** Writes a file under the root. */
    Path write(String name, String text) throws IOException {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** Starts {@code fedsynth ARGS} in a child JVM, output to {@code logName}. */
    Proc start(String logName, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx1g", "-XX:TieredStopAtLevel=1",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "org.fedsynth.cli.Main"));
        cmd.addAll(List.of(args));
        Path log = root.resolve("logs/" + logName + ".log");
        for (int k = 2; Files.exists(log); k++) { // a restarted process gets its own log
            log = root.resolve("logs/" + logName + "-" + k + ".log");
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Proc p = new Proc(pb.start(), log);
        procs.add(p);
        return p;
    }

    /** Starts the server and returns it with its port. */
    Proc serve(String logName, Path config) throws IOException {
        return start(logName, "serve", "--config", config.toString());
    }

    static int port(Proc server) throws Exception {
        return Integer.parseInt(server.await("listening on [^:]+:(\\d+)", 120));
    }

    /** Starts a site with a token over TLS. */
    Proc join(String id, int port, Path data, String... extra) throws IOException {
        List<String> a = new ArrayList<>(List.of("join", "--server", "localhost:" + port, "--data", data.toString(),
                "--client-id", id, "--token-file", certs.resolve(id + ".token").toString(),
                "--tls-ca", certs.resolve("ca.pem").toString(), "--state", root.resolve("state-" + id).toString()));
        a.addAll(List.of(extra));
        return start("join-" + id, a.toArray(String[]::new));
    }

    @Override
    public void close() {
        for (Proc p : procs) {
            p.process().descendants().forEach(ProcessHandle::destroyForcibly);
            p.process().destroyForcibly();
        }
    }
}
