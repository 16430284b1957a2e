package org.fedsynth.attack;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which clients are malicious ({@code attack.malicious}): either explicit client ids (0-based, in
 * {@code [0, numClients)}) or a fraction of the clients chosen with the run seed.
 *
 * <p>Config forms: a list of integers ({@code [0, 3]}) gives ids; a number with a decimal point in
 * [0, 1] ({@code 0.2}) gives a fraction; a bare integer is rejected as ambiguous. A fraction
 * {@code f} selects {@code k = round(f * numClients)} clients (at least 1 when {@code f > 0}): the
 * first {@code k} of {@code 0..numClients-1} shuffled by {@code Collections.shuffle(list, new
 * Random(seed))}.
 *
 * @param ids the explicit ids (empty in fraction mode)
 * @param fraction the fraction in [0, 1], or {@code NaN} in id mode
 */
public record MaliciousClients(List<Integer> ids, double fraction) {

    /** The config field name used in error messages. */
    public static final String FIELD = "attack.malicious";

    /** Validates and copies. */
    public MaliciousClients {
        ids = List.copyOf(ids);
        if (Double.isNaN(fraction)) {
            if (new TreeSet<>(ids).size() != ids.size()) {
                throw new IllegalArgumentException(FIELD + " lists a client twice; found " + ids);
            }
            for (int id : ids) {
                if (id < 0) {
                    throw new IllegalArgumentException(FIELD + " client ids must be >= 0; found " + id);
                }
            }
        } else {
            if (!ids.isEmpty()) {
                throw new IllegalArgumentException(FIELD + " is either client ids or a fraction, not both");
            }
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException(FIELD + " as a fraction must be in [0, 1]; found " + fraction);
            }
        }
    }

    /** Explicit client ids. */
    public static MaliciousClients ids(List<Integer> ids) {
        return new MaliciousClients(ids, Double.NaN);
    }

    /** A seeded fraction of the clients. */
    public static MaliciousClients fractionOf(double f) {
        return new MaliciousClients(List.of(), f);
    }

    /** No malicious clients. */
    public static MaliciousClients none() {
        return ids(List.of());
    }

    /** Whether this is the fraction form. */
    public boolean isFraction() {
        return !Double.isNaN(fraction);
    }

    /**
     * The malicious client ids for a federation of {@code numClients}, as an unmodifiable sorted set.
     *
     * @throws IllegalArgumentException if an explicit id is not below {@code numClients}
     */
    public Set<Integer> resolve(int numClients, long seed) {
        if (numClients < 1) {
            throw new IllegalArgumentException("numClients must be positive, found " + numClients);
        }
        if (!isFraction()) {
            for (int id : ids) {
                if (id >= numClients) {
                    throw new IllegalArgumentException(FIELD + " client id " + id + " is not below the number of clients ("
                            + numClients + "); ids are 0-based");
                }
            }
            return Collections.unmodifiableSet(new TreeSet<>(ids));
        }
        int k = (int) Math.round(fraction * numClients);
        if (fraction > 0) {
            k = Math.max(1, k);
        }
        List<Integer> all = new ArrayList<>(numClients);
        for (int i = 0; i < numClients; i++) {
            all.add(i);
        }
        Collections.shuffle(all, new Random(seed));
        return Collections.unmodifiableSet(new TreeSet<>(all.subList(0, k)));
    }

    /** The binding of a config value ({@code attack.malicious}). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static MaliciousClients fromJson(Object raw) {
        return parse(raw, FIELD);
    }

    /** Parses the config value (see the class comment). */
    public static MaliciousClients parse(Object raw, String field) {
        String bad = field + " must be a list of client ids (e.g. [0, 3]) or a fraction of clients in [0, 1]"
                + " written with a decimal point (e.g. 0.2); found '" + raw + "'";
        if (raw instanceof List<?> l) {
            List<Integer> out = new ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof Integer || o instanceof Long || o instanceof Short)) {
                    throw new IllegalArgumentException(bad);
                }
                long v = ((Number) o).longValue();
                if (v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(bad);
                }
                out.add((int) v);
            }
            return ids(out);
        }
        if (raw instanceof Double || raw instanceof Float || raw instanceof java.math.BigDecimal) {
            return fractionOf(((Number) raw).doubleValue());
        }
        if (raw instanceof String s && s.trim().matches("\\d*\\.\\d+|\\d+\\.\\d*")) {
            return fractionOf(Double.parseDouble(s.trim()));
        }
        throw new IllegalArgumentException(bad);
    }

    @Override
    public String toString() {
        return isFraction() ? fraction + " of clients" : "clients " + ids;
    }
}
