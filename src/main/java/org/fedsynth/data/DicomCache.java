package org.fedsynth.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The per-site cache of decoded DICOM images: one pack file per folder and preprocessing setting,
 * whose entries are keyed by the SHA-256 of each file's bytes, so a round, a rerun or a second run
 * never decodes a file twice, and an edited file is decoded again. A file whose path, size and
 * modification time are unchanged is matched without hashing it again (as git and make do).
 *
 * <p>The pack is rewritten only when something was decoded, to a temporary file that is then renamed
 * over the old one: a crash leaves the old pack or the new one, never half of one. A pack that cannot
 * be read (another version, a torn disk) is ignored, with a line saying so, and rebuilt.
 */
final class DicomCache {

    private static final int MAGIC = 0x46534443; // "FSDC"
    private static final int VERSION = 1;

    /** One decoded image, preprocessed to the training resolution (its own channel count). */
    record Entry(String sha256, int channels, int size, byte[] pixels, String patientId, String sopInstanceUid, String window,
            int frames) {}

    /** What the pack knew of a path: its size, modification time and content hash. */
    private record Stat(long size, long modified, String sha256) {}

    private final Path pack;
    private final Map<String, Entry> byHash = new HashMap<>();
    private final Map<String, Stat> byPath = new HashMap<>();
    private boolean dirty;
    private String note = "";

    private DicomCache(Path pack) {
        this.pack = pack;
    }

    /** A cache with nothing in it and nowhere to save (data.cache: none). */
    static DicomCache none() {
        return new DicomCache(null);
    }

    /**
     * Opens the pack for {@code root} and {@code settings} under {@code dir} (created if needed).
     */
    static DicomCache open(Path dir, Path root, String settings) {
        String name = sha256((root.toAbsolutePath().normalize() + "\n" + settings).getBytes(StandardCharsets.UTF_8)).substring(0, 24);
        DicomCache c = new DicomCache(dir.resolve("dicom-" + name + ".pack"));
        if (Files.isRegularFile(c.pack)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(c.pack), 1 << 16))) {
                c.readFrom(in);
            } catch (IOException | RuntimeException e) {
                c.byHash.clear();
                c.byPath.clear();
                c.note = "cache " + c.pack + " was unreadable (" + e.getMessage() + "); decoding again";
            }
        }
        return c;
    }

    /** Where the pack lives (null for none). */
    Path file() {
        return pack;
    }

    /** A line about a discarded pack, or "". */
    String note() {
        return note;
    }

    /** The content hash the pack recorded for {@code relPath} at this size and time, if it still has that entry; else null. */
    synchronized String knownHash(String relPath, long size, long modified) {
        Stat s = byPath.get(relPath);
        return s != null && s.size() == size && s.modified() == modified && byHash.containsKey(s.sha256()) ? s.sha256() : null;
    }

    /** Records the content hash of {@code relPath} at this size and time. */
    synchronized void remember(String relPath, long size, long modified, String sha256) {
        byPath.put(relPath, new Stat(size, modified, sha256));
        dirty = true;
    }

    /** The entry for a content hash, or null. */
    synchronized Entry get(String sha256) {
        return byHash.get(sha256);
    }

    /** Adds a decoded image. */
    synchronized void put(Entry e) {
        byHash.put(e.sha256(), e);
        dirty = true;
    }

    /** Writes the pack if anything changed, atomically; keeps only entries still named by {@code livePaths}. */
    synchronized void save(java.util.Set<String> livePaths) throws IOException {
        if (pack == null || !dirty) {
            return;
        }
        byPath.keySet().retainAll(livePaths);
        java.util.Set<String> liveHashes = new java.util.HashSet<>();
        byPath.values().forEach(s -> liveHashes.add(s.sha256()));
        byHash.keySet().retainAll(liveHashes);
        Files.createDirectories(pack.getParent());
        Path tmp = Files.createTempFile(pack.getParent(), pack.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(byHash.size());
                for (Entry e : byHash.values()) {
                    out.writeUTF(e.sha256());
                    out.writeInt(e.channels());
                    out.writeInt(e.size());
                    out.writeInt(e.pixels().length);
                    out.write(e.pixels());
                    out.writeUTF(e.patientId());
                    out.writeUTF(e.sopInstanceUid());
                    out.writeUTF(e.window());
                    out.writeInt(e.frames());
                }
                out.writeInt(byPath.size());
                for (Map.Entry<String, Stat> p : byPath.entrySet()) {
                    out.writeUTF(p.getKey());
                    out.writeLong(p.getValue().size());
                    out.writeLong(p.getValue().modified());
                    out.writeUTF(p.getValue().sha256());
                }
                out.flush();
                os.flush();
            }
            try {
                Files.move(tmp, pack, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, pack, StandardCopyOption.REPLACE_EXISTING);
            }
            dirty = false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void readFrom(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("not a FedSynth DICOM cache of version " + VERSION);
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String h = in.readUTF();
            int ch = in.readInt();
            int size = in.readInt();
            int len = in.readInt();
            if (len != ch * size * size || len < 0) {
                throw new IOException("corrupt entry " + i);
            }
            byte[] px = new byte[len];
            in.readFully(px);
            byHash.put(h, new Entry(h, ch, size, px, in.readUTF(), in.readUTF(), in.readUTF(), in.readInt()));
        }
        int m = in.readInt();
        for (int i = 0; i < m; i++) {
            byPath.put(in.readUTF(), new Stat(in.readLong(), in.readLong(), in.readUTF()));
        }
        if (in.read() != -1) {
            throw new EOFException("trailing bytes");
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] b) {
        return HexFormat.of().formatHex(digest().digest(b));
    }
}
