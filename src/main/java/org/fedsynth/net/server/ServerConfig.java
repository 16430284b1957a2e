package org.fedsynth.net.server;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;

/**
 * {@code server.yaml}: a run configuration (the same sections as {@code fedsynth train}: seed,
 * federation, training, strategy, output; {@code data.resolution} and {@code data.channels} give the
 * image size) plus a {@code server} section for the coordinator. Relative paths are resolved
 * against the file's folder. Every error names the file, the key and the fix.
 *
 * @param run the run configuration
 * @param server the coordinator's settings
 * @param baseDir the folder relative paths are resolved against
 */
public record ServerConfig(RunConfig run, Section server, Path baseDir) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * The {@code server} section.
     *
     * @param host the address to listen on
     * @param port the gRPC port
     * @param out the run folder (metrics, samples, checkpoints)
     * @param plaintext turn TLS off (loopback experiments only; logged loudly)
     * @param tls certificate, key, and optional client CA for mutual TLS
     * @param classNames the class names, index = label (the sites' folder names)
     * @param minClients the fewest updates a round aggregates
     * @param roundTimeoutS each round's deadline, in seconds
     * @param livenessS a client counts as connected this long after its last call
     * @param statusPort HTTP JSON status on 127.0.0.1 (0 = off)
     * @param chunkBytes payload per model chunk on the wire
     * @param clients the known clients and their token hashes
     * @param clientsFile a YAML file with more clients (same form), e.g. written by {@code fedsynth certs}
     */
    public record Section(
            @JsonPropertyDescription("listen address (default 0.0.0.0)") String host,
            @JsonPropertyDescription("gRPC port (default 7443)") Integer port,
            @JsonPropertyDescription("run folder (required unless serve --out is given)") String out,
            @JsonPropertyDescription("disable TLS (default false; for loopback experiments only)") Boolean plaintext,
            @JsonPropertyDescription("tls: {cert, key, client_ca, client_auth: none|optional|require}") Tls tls,
            @JsonPropertyDescription("class names, index = label (required)") List<String> classNames,
            @JsonPropertyDescription("fewest updates a round aggregates (default 2)") Integer minClients,
            @JsonPropertyDescription("round deadline in seconds (default 300)") Double roundTimeoutS,
            @JsonPropertyDescription("a client is connected this long after its last call (default 15)") Double livenessS,
            @JsonPropertyDescription("HTTP JSON status port on 127.0.0.1 (default 0 = off)") Integer statusPort,
            @JsonPropertyDescription("model chunk size in bytes (default 1048576)") Integer chunkBytes,
            @JsonPropertyDescription("clients: [{id, token_sha256, revoked}]") List<ClientEntry> clients,
            @JsonPropertyDescription("YAML file with a clients: list (as written by fedsynth certs)") String clientsFile) {

        /** Fills defaults and validates. */
        public Section {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? 7443 : port;
            plaintext = plaintext != null && plaintext;
            classNames = classNames == null ? List.of() : List.copyOf(classNames);
            minClients = minClients == null ? 2 : minClients;
            roundTimeoutS = roundTimeoutS == null ? 300.0 : roundTimeoutS;
            livenessS = livenessS == null ? 15.0 : livenessS;
            statusPort = statusPort == null ? 0 : statusPort;
            chunkBytes = chunkBytes == null ? org.fedsynth.net.TensorCodec.DEFAULT_CHUNK_BYTES : chunkBytes;
            clients = clients == null ? List.of() : List.copyOf(clients);
            ConfigException.require(port >= 0 && port <= 65535, "server.port", "in [0, 65535]", port);
            ConfigException.require(statusPort >= 0 && statusPort <= 65535, "server.status_port", "in [0, 65535] (0 = off)", statusPort);
            ConfigException.require(classNames.size() >= 2, "server.class_names", "a list of at least 2 class names (the sites' class folder names)", classNames);
            ConfigException.require(new HashSet<>(classNames).size() == classNames.size(), "server.class_names", "distinct", classNames);
            ConfigException.require(minClients >= 1, "server.min_clients", "at least 1", minClients);
            ConfigException.require(roundTimeoutS > 0, "server.round_timeout_s", "positive", roundTimeoutS);
            ConfigException.require(livenessS > 0, "server.liveness_s", "positive", livenessS);
            ConfigException.require(chunkBytes >= 1024 && chunkBytes <= 2 << 20, "server.chunk_bytes", "in [1024, 2097152]", chunkBytes);
            if (!plaintext && tls == null) {
                throw new ConfigException("server.tls is required (TLS is on by default): set server.tls.cert and server.tls.key"
                        + " (make test ones with: fedsynth certs --out certs --clients a,b,c), or set server.plaintext: true"
                        + " for a loopback experiment");
            }
        }
    }

    /**
     * TLS files.
     *
     * @param cert the server certificate chain (PEM)
     * @param key the server private key (PKCS#8 PEM)
     * @param clientCa the CA that signs client certificates (mutual TLS); unset = no client certificates
     * @param clientAuth none, optional or require (default require when client_ca is set)
     */
    public record Tls(
            @JsonPropertyDescription("server certificate (PEM)") String cert,
            @JsonPropertyDescription("server private key (PKCS#8 PEM)") String key,
            @JsonPropertyDescription("CA of client certificates, for mutual TLS") String clientCa,
            @JsonPropertyDescription("none | optional | require (default require when client_ca is set)") String clientAuth) {

        /** Validates. */
        public Tls {
            ConfigException.require(cert != null && !cert.isBlank(), "server.tls.cert", "a PEM certificate file", cert);
            ConfigException.require(key != null && !key.isBlank(), "server.tls.key", "a PEM private key file", key);
            clientAuth = clientAuth == null ? (clientCa == null ? "none" : "require") : clientAuth;
            ConfigException.require(Set.of("none", "optional", "require").contains(clientAuth), "server.tls.client_auth",
                    "none, optional or require", "'" + clientAuth + "'");
            if (!clientAuth.equals("none") && clientCa == null) {
                throw new ConfigException("server.tls.client_auth is " + clientAuth + " but server.tls.client_ca is not set;"
                        + " point it at the CA that signed the client certificates (certs/ca.pem)");
            }
        }
    }

    /**
     * One known client.
     *
     * @param id the client's identity (also its certificate's CN under mutual TLS)
     * @param tokenSha256 hex SHA-256 of its bearer token (unset: certificate only)
     * @param revoked refuse this client
     */
    public record ClientEntry(
            @JsonPropertyDescription("client id") String id,
            @JsonPropertyDescription("hex SHA-256 of the client's token") String tokenSha256,
            @JsonPropertyDescription("refuse this client (default false)") Boolean revoked) {

        /** Validates. */
        public ClientEntry {
            ConfigException.require(id != null && ID.matcher(id).matches(), "server.clients[].id",
                    "1-64 letters, digits, '.', '_' or '-'", id);
            ConfigException.require(tokenSha256 == null || SHA256.matcher(tokenSha256).matches(),
                    "server.clients[" + id + "].token_sha256", "64 lowercase hex digits (sha256sum of the token file)", tokenSha256);
            revoked = revoked != null && revoked;
        }
    }

    /** The clients file's form. */
    record ClientsFile(List<ClientEntry> clients) {}

    /** Reads and validates {@code file}; every error names the file and the key's full path (e.g. {@code server.port}). */
    public static ServerConfig read(Path file) {
        JsonNode root = ConfigIO.readTree(file, "server config file");
        if (!(root instanceof ObjectNode obj) || !obj.has("server")) {
            throw new ConfigException(file + ": no 'server' section; a server config is a run config plus"
                    + " server: {port, tls, class_names, clients, ...} (see examples/network/server.yaml)");
        }
        JsonNode serverNode = obj.remove("server");
        if (!serverNode.isObject()) {
            throw new ConfigException(file + ": server must be a mapping of the coordinator's settings"
                    + " {port, tls, class_names, clients, ...}, found " + (serverNode.isNull() ? "nothing" : serverNode));
        }
        Path base = file.toAbsolutePath().getParent();
        RunConfig run = ConfigIO.fromTree(obj, file.toString());
        Section section = ConfigIO.bind(serverNode, Section.class, file.toString(), "server");
        List<ClientEntry> all = new ArrayList<>(section.clients());
        if (section.clientsFile() != null) {
            Path cf = base.resolve(section.clientsFile());
            if (!Files.exists(cf)) {
                throw new ConfigException(file + ": server.clients_file " + cf + " not found (fedsynth certs writes clients.yaml)");
            }
            JsonNode clientsTree = ConfigIO.readTree(cf, "clients file");
            ClientsFile more = clientsTree == null ? new ClientsFile(null)
                    : ConfigIO.bind(clientsTree, ClientsFile.class, cf.toString(), "");
            if (more.clients() != null) {
                all.addAll(more.clients());
            }
        }
        Set<String> ids = new HashSet<>();
        for (ClientEntry c : all) {
            if (!ids.add(c.id())) {
                throw new ConfigException(file + ": client id '" + c.id() + "' is listed twice (server.clients and clients_file)");
            }
        }
        if (all.isEmpty()) {
            throw new ConfigException(file + ": no clients: list them under server.clients or point server.clients_file"
                    + " at the clients.yaml written by fedsynth certs");
        }
        if (run.attack() != null) {
            throw new ConfigException(file + ": attack: is a client-side setting over the network; remove it here and"
                    + " start the attacking site with fedsynth join --attack FILE");
        }
        Section withAll = new Section(section.host(), section.port(), section.out(), section.plaintext(), section.tls(),
                section.classNames(), section.minClients(), section.roundTimeoutS(), section.livenessS(), section.statusPort(),
                section.chunkBytes(), all, section.clientsFile());
        return new ServerConfig(run, withAll, base);
    }

    /** A path from the config, relative to its folder. */
    public Path resolve(String p) {
        return baseDir.resolve(p);
    }
}
