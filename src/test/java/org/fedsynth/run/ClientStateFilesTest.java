package org.fedsynth.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.client.ClientState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientStateFilesTest {

    private static ClientState state(int id, float v) {
        return new ClientState(id, new ModelWeights(List.of(new Tensor("w", new long[] {2}, new float[] {v, -v}))), null, null);
    }

    @Test
    void namesAreTheRunFoldersOnDiskNames() {
        assertEquals("client_0003.r0012.state", ClientStateFiles.name(3, 12));
    }

    @Test
    void writesReadsAndListsVersionsPerClient(@TempDir Path tmp) throws Exception {
        ClientStateFiles files = new ClientStateFiles(tmp.resolve("clients"));
        files.write(state(1, 0.5f), 2);
        files.write(state(1, 0.25f), 4);
        files.write(state(2, 9f), 3);
        assertTrue(Files.isRegularFile(tmp.resolve("clients/client_0001.r0004.state")));
        assertEquals(List.of(2, 4), List.copyOf(files.versions(1)));
        assertEquals(List.of(3), List.copyOf(files.versions(2)));
        assertTrue(files.versions(7).isEmpty());
        ClientState back = files.read(1, 4);
        assertEquals(1, back.clientId());
        assertArrayEquals(new float[] {0.25f, -0.25f}, back.discriminator().flatten());
        assertNull(back.optG());
    }

    @Test
    void deletesOnlyUnkeptStateFiles(@TempDir Path tmp) throws Exception {
        ClientStateFiles files = new ClientStateFiles(tmp);
        files.write(state(0, 1f), 1);
        files.write(state(0, 2f), 2);
        files.write(state(5, 3f), 1);
        Files.writeString(tmp.resolve("notes.txt"), "not a state");
        files.deleteAllBut(Set.of(ClientStateFiles.name(0, 2)));
        assertEquals(List.of(2), List.copyOf(files.versions(0)));
        assertTrue(files.versions(5).isEmpty());
        assertTrue(Files.exists(tmp.resolve("notes.txt")), "other files stay");
    }
}
