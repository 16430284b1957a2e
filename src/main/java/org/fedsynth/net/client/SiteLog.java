package org.fedsynth.net.client;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** A site's log: one line per event, stamped with the wall clock and the site's id, flushed at once. */
final class SiteLog {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final String clientId;

    SiteLog(PrintStream out, String clientId) {
        this.out = out;
        this.clientId = clientId;
    }

    /** Writes {@code line}. */
    void line(String line) {
        synchronized (out) {
            out.println(LocalTime.now().format(CLOCK) + " [" + clientId + "] " + line);
            out.flush();
        }
    }
}
