package org.fedsynth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.attack.AttackSpec;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.net.client.SiteChannel;
import org.fedsynth.net.client.SiteClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth join}: a hospital site joining a federation server. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = {"Join a federation as a site: train locally on --data (an ImageFolder, one sub-folder per class, or a",
            "YAML file whose data section reads DICOM, CSV or npz: data: {format: dicom, path: DIR, labels_csv: FILE}) and",
            "send only parameters and scalar losses. The private discriminator and optimizer state persist in --state.",
            "Reconnects by itself (exponential backoff) when the server restarts."})
final class JoinCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", description = "the federation server")
    String server;

    @Option(names = "--data", required = true, paramLabel = "DIR|FILE.yaml",
            description = "this site's ImageFolder, or a YAML file with a data section (e.g. format: dicom)")
    Path data;

    @Option(names = "--client-id", required = true, paramLabel = "ID", description = "this site's identity (as in the server's client list)")
    String clientId;

    @Option(names = "--token-file", paramLabel = "FILE", description = "bearer token (fedsynth certs writes ID.token)")
    Path tokenFile;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "CA certificate to trust (default: the system's trust store)")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "client certificate, for mutual TLS")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "client private key (PKCS#8 PEM), for mutual TLS")
    Path tlsKey;

    @Option(names = "--plaintext", description = "no TLS (only against a server with server.plaintext: true, on loopback)")
    boolean plaintext;

    @Option(names = "--state", paramLabel = "DIR", description = "private state folder (default: ./fedsynth-site-ID)")
    Path state;

    @Option(names = "--attack", paramLabel = "FILE", description = "EXPERIMENT: attack config, the keys of a run's attack section (YAML: trigger, poison_rate, start_round, end_round, every, rounds, update_scale, norm_bound, spoof_losses, mimicry, target_classes; docs/CONFIG.md); this site poisons its own data")
    Path attack;

    @Option(names = "--stall-ms", paramLabel = "MS", defaultValue = "0", description = "fault drill: pause before each upload (default 0)")
    long stallMs;

    @Override
    public Integer call() throws Exception {
        int colon = server.lastIndexOf(':');
        if (colon <= 0 || colon == server.length() - 1) {
            throw new ConfigException("--server must be HOST:PORT, found '" + server + "'");
        }
        int port;
        try {
            port = Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException("--server: port must be a number, found '" + server.substring(colon + 1) + "'");
        }
        if (tokenFile == null && tlsCert == null) {
            throw new ConfigException("join needs a credential: --token-file FILE, or --tls-cert/--tls-key for mutual TLS");
        }
        String token = tokenFile == null ? null : SiteChannel.readToken(tokenFile);
        SiteClient.Options opt = new SiteClient.Options(server.substring(0, colon), port, data, clientId, token, tlsCa, tlsCert,
                tlsKey, plaintext, state != null ? state : Path.of("fedsynth-site-" + clientId), attack(attack), stallMs, null);
        SiteClient site = new SiteClient(opt, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(site::stop));
        try {
            site.run();
        } catch (SiteClient.Fatal f) {
            System.err.println("error: " + f.getMessage());
            return Main.EXIT_CONFIG;
        }
        return 0;
    }

    /** Reads an attack file: the simulation's attack section without 'malicious' (the site that loads it attacks). */
    static AttackSpec attack(Path file) {
        if (file == null) {
            return null;
        }
        JsonNode tree = ConfigIO.readTree(file, "--attack file");
        if (tree != null && tree.size() == 1 && tree.path("attack").isObject()) {
            tree = tree.get("attack");
        }
        if (tree != null && tree.has("malicious")) {
            throw new ConfigException("--attack " + file + ": 'malicious' does not apply to a site (the site that loads this"
                    + " file is the attacker); remove it");
        }
        try {
            return AttackSpec.fromTree(tree);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--attack " + file + ": " + e.getMessage(), e);
        }
    }
}
