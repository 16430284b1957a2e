package org.fedsynth.data;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A dataset could not be read or written: a missing or malformed file, an unknown label, a bad
 * array shape. The message always names the file (and the line, for text files), states the
 * problem and, where one is obvious, the fix, so it can be shown to a user as is.
 */
public class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /** A problem with {@code path}; the message reads {@code "<path>: <problem>"}. */
    public DatasetException(Path path, String problem) {
        this(path, problem, null);
    }

    /** A problem with {@code path} caused by {@code cause}; the message reads {@code "<path>: <problem>"}. */
    public DatasetException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** A problem on one line of a text file; the message reads {@code "<path> line <n>: <problem>"}. */
    public DatasetException(Path path, int line, String problem) {
        super(path + " line " + line + ": " + problem);
        this.path = path;
    }

    /** The file or folder the problem is about. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }
}
