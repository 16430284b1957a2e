package org.fedsynth.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process memory figures for logs: resident set size (native + heap) and JVM heap in use. */
public final class Memory {

    private Memory() {}

    /** Resident set size in MiB from /proc/self/status, or -1 where unavailable. */
    public static double rssMb() {
        return statusMb("VmRSS:");
    }

    /** Peak resident set size in MiB, or -1 where unavailable. */
    public static double peakRssMb() {
        return statusMb("VmHWM:");
    }

    private static double statusMb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** JVM heap in use, MiB. */
    public static double heapMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }
}
