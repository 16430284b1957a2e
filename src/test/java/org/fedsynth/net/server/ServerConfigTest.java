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
        assertTrue(msg.contains("unknown key 'clients_fle'"), msg);
        assertTrue(msg.contains("clients_file"), msg);
        assertTrue(msg.contains("server.yaml"), msg);
        // A misspelt nested key too.
        msg = error(dir, "server:\n  port: 7443\n  class_names: [a, b]\n  tls: {cert: s.pem, kye: s.key}\n");
        assertTrue(msg.contains("unknown key 'tls.kye'"), msg);
    }

    @Test
    void withEveryKeyKnownTheMissingTlsSectionIsReported(@TempDir Path dir) throws Exception {
        String msg = error(dir, "server:\n  port: 7443\n  class_names: [a, b]\n");
        assertTrue(msg.contains("server.tls is required"), msg);
    }
}
