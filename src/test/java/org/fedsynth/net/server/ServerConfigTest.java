package org.fedsynth.net.server;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fedsynth.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    static String error(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("server.yaml");
        Files.writeString(f, yaml);
        return assertThrows(ConfigException.class, () -> ServerConfig.read(f)).getMessage();
    }

    @Test
    void aMisspeltServerKeyIsNamedBeforeTheMissingTlsSection(@TempDir Path dir) throws Exception {
        String msg = error(dir, "server:\n  port: 7443\n  class_names: [a, b]\n  clients_fle: clients.yaml\n");
        assertTrue(msg.contains("unknown key 'server.clients_fle'"), msg);
        assertTrue(msg.contains("clients_file"), msg);
        assertTrue(msg.contains("server.yaml"), msg);
        // A misspelt nested key too.
        msg = error(dir, "server:\n  port: 7443\n  class_names: [a, b]\n  tls: {cert: s.pem, kye: s.key}\n");
        assertTrue(msg.contains("unknown key 'server.tls.kye'"), msg);
    }

    @Test
    void withEveryKeyKnownTheMissingTlsSectionIsReported(@TempDir Path dir) throws Exception {
        String msg = error(dir, "server:\n  port: 7443\n  class_names: [a, b]\n");
        assertTrue(msg.contains("server.tls is required"), msg);
    }

    @Test
    void aTypeErrorInTheServerSectionNamesTheFileTheKeyAndTheValue(@TempDir Path dir) throws Exception {
        String msg = error(dir, "server:\n  port: abc\n  class_names: [a, b]\n  plaintext: true\n");

        assertTrue(msg.startsWith(dir.resolve("server.yaml") + ": server.port has the wrong type: expected a whole number,"
                + " found 'abc'"), msg);
        assertFalse(msg.contains("Cannot deserialize"), "not Jackson's raw text: " + msg);
        msg = error(dir, "server:\n  class_names: a\n  plaintext: true\n");
        assertTrue(msg.contains("server.class_names has the wrong type: expected a list, found 'a'"), msg);
        msg = error(dir, "server:\n  tls: {cert: s.pem, key: k.pem, client_auth: [x]}\n");
        assertTrue(msg.contains("server.tls.client_auth has the wrong type: expected a string"), msg);
    }

    @Test
    void aTypeErrorInTheRunPartOrTheClientsFileNamesThatFileAndKey(@TempDir Path dir) throws Exception {
        String msg = error(dir, "training: {batch_size: many}\nserver: {class_names: [a, b], plaintext: true}\n");
        assertTrue(msg.startsWith(dir.resolve("server.yaml") + ": training.batch_size has the wrong type"), msg);
        Files.writeString(dir.resolve("clients.yaml"), "clients:\n  - {id: a, revoked: maybe}\n");
        msg = error(dir, "server: {class_names: [a, b], plaintext: true, clients_file: clients.yaml}\n");
        assertTrue(msg.startsWith(dir.resolve("clients.yaml") + ": clients[0].revoked has the wrong type: expected true or false,"
                + " found 'maybe'"), msg);
        msg = error(dir, "server:\n  port: [1\n");
        assertTrue(msg.startsWith(dir.resolve("server.yaml") + ": not valid YAML/JSON (line "), msg);
    }

    @Test
    void clientsFromTheSectionThenTheClientsFileAndTheRunPartAreRead(@TempDir Path dir) throws Exception {
        String sha = "ab".repeat(32);
        Files.writeString(dir.resolve("clients.yaml"), "# the server's client list\nclients:\n  - {id: b, token_sha256: " + sha
                + ", revoked: false}\n");
        Path f = Files.writeString(dir.resolve("server.yaml"), "seed: 9\nfederation: {clients: 2}\nserver:\n  port: 7000\n"
                + "  class_names: ['0', '1']\n  plaintext: true\n  clients: [{id: a}]\n  clients_file: clients.yaml\n");

        ServerConfig c = ServerConfig.read(f);

        assertEquals(9L, c.run().seed());
        assertEquals(7000, c.server().port());
        assertEquals(java.util.List.of("0", "1"), c.server().classNames(), "quoted numbers stay strings");
        assertEquals(java.util.List.of("a", "b"), c.server().clients().stream().map(ServerConfig.ClientEntry::id).toList());
        assertEquals(sha, c.server().clients().get(1).tokenSha256());
        assertEquals(dir.resolve("x").toAbsolutePath(), c.resolve("x"));
    }
}
