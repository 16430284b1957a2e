package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedsynth.config.ConfigException;
import org.fedsynth.net.Certs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth certs}: a test CA, server and client certificates, and client tokens. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = {"Make a test CA and certificates for a networked federation (EC P-256, BouncyCastle):",
            "ca.pem/ca.key, server.pem/server.key (for --hosts), per client ID.pem/ID.key (CN=ID, mutual TLS) and",
            "ID.token (bearer token), and clients.yaml (the server's client list with token SHA-256s).",
            "For trials and tests; use your own PKI in production."})
final class CertsCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (must not hold a ca.pem)")
    Path out;

    @Option(names = "--clients", required = true, split = ",", paramLabel = "ID,ID,...", description = "client ids")
    List<String> clients;

    @Option(names = "--hosts", split = ",", defaultValue = "localhost,127.0.0.1", paramLabel = "NAME,...",
            description = "server host names and IP addresses (default: localhost,127.0.0.1)")
    List<String> hosts;

    @Option(names = "--days", defaultValue = "365", description = "validity in days (default 365)")
    int days;

    @Override
    public Integer call() throws Exception {
        for (String id : clients) {
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new ConfigException("--clients: '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
        }
        ConfigException.require(days >= 1, "--days", "at least 1", days);
        Certs.Written w = Certs.make(out, clients, hosts, days);
        System.out.println("wrote " + w.files().size() + " files to " + out + ":");
        w.files().forEach(f -> System.out.println("  " + f.getFileName()));
        System.out.println("server.yaml: server.tls {cert: " + out.resolve("server.pem") + ", key: " + out.resolve("server.key")
                + "} and server.clients_file: " + out.resolve("clients.yaml"));
        System.out.println("sites: fedsynth join --tls-ca " + out.resolve("ca.pem") + " --client-id ID --token-file "
                + out.resolve("ID.token") + " ...");
        return 0;
    }
}
