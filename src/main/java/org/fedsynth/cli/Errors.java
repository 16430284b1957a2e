package org.fedsynth.cli;

import org.fedsynth.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns exceptions into one clear line on stderr and an exit status: 2 for configuration errors,
 * 1 for everything else. Set {@code FEDSYNTH_DEBUG=1} for the stack trace.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (System.getenv("FEDSYNTH_DEBUG") != null) {
            ex.printStackTrace();
        }
        if (ex instanceof ConfigException) {
            cl.getErr().println("config error: " + ex.getMessage());
            return Main.EXIT_CONFIG;
        }
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (ex instanceof java.nio.file.FileSystemException fs) {
            String what = switch (ex.getClass().getSimpleName()) {
                case "NoSuchFileException" -> "no such file or folder";
                case "FileAlreadyExistsException" -> "already exists";
                case "AccessDeniedException" -> "permission denied";
                case "NotDirectoryException" -> "not a folder";
                default -> fs.getReason() == null ? ex.getClass().getSimpleName() : fs.getReason();
            };
            msg = fs.getFile() + ": " + what + (fs.getOtherFile() == null ? "" : " (" + fs.getOtherFile() + ")");
        }
        cl.getErr().println("error: " + msg);
        return Main.EXIT_FAILURE;
    }
}
