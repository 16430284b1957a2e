package org.fedsynth.data;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which class names are numbered: by name, except that names that are whole numbers
 * sort numerically (so "2" comes before "10"), and come before other names.
 */
final class ClassOrder {

    /** Numeric-aware name order. */
    static final Comparator<String> BY_NAME = ClassOrder::compare;

    private ClassOrder() {
    }

    /** The distinct names, sorted by {@link #BY_NAME}. */
    static List<String> sortedDistinct(Collection<String> names) {
        return names.stream().distinct().sorted(BY_NAME).toList();
    }

    /** Names "0", "1", ..., {@code count - 1}. */
    static List<String> numbered(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList();
    }

    private static int compare(String a, String b) {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            int c = new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
            return c != 0 ? c : a.compareTo(b);
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 1000 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }
}
