package org.fedsynth.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fedsynth.fl.client.ClientState;

/**
 * A folder of versioned client-state files, {@code client_NNNN.rRRRR.state} (client index, the
 * round after which the state was stored), each a {@link TensorZip} written atomically. The one
 * owner of that naming: a simulation spills its clients' states here (the run folder's {@code
 * clients/}) and a networked site keeps its own private state the same way in its state folder.
 */
public final class ClientStateFiles {

    private static final Pattern FILE = Pattern.compile("client_(\\d+)\\.r(\\d+)\\.state");

    private final Path dir;

    /** The state files in {@code dir} (created if missing). */
    public ClientStateFiles(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    /** The file name of client {@code client}'s state after round {@code round}. */
    public static String name(int client, int round) {
        return String.format("client_%04d.r%04d.state", client, round);
    }

    /** The file of client {@code client}'s state after round {@code round}. */
    public Path file(int client, int round) {
        return dir.resolve(name(client, round));
    }

    /** Reads client {@code client}'s state stored after round {@code round}. */
    public ClientState read(int client, int round) throws IOException {
        TensorZip.Contents c = TensorZip.read(file(client, round));
        return TensorZip.readClient(c, "", c.meta());
    }

    /** Stores {@code s} as its client's state after round {@code round} (atomically). */
    public void write(ClientState s, int round) throws IOException {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        TensorZip.describeClient(meta, s);
        new TensorZip.Builder().addClient("", s).write(file(s.clientId(), round), meta);
    }

    /** The rounds with a stored state of client {@code client}, ascending. */
    public TreeSet<Integer> versions(int client) throws IOException {
        TreeSet<Integer> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = FILE.matcher(p.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) == client) {
                    out.add(Integer.parseInt(m.group(2)));
                }
            }
        }
        return out;
    }

    /** Deletes every state file in the folder whose name is not in {@code keep} (other files stay). */
    public void deleteAllBut(Set<String> keep) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (FILE.matcher(n).matches() && !keep.contains(n)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
