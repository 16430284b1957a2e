package org.fedsynth.attack;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * {@code attack.dba}: the distributed backdoor (Xie et al., "DBA: Distributed backdoor attacks
 * against federated learning", ICLR 2020). The patch trigger is cut into {@code parts} disjoint
 * pieces that tile it (see {@link PatchTrigger#part}); each colluding client pastes only its own
 * piece, and the backdoor is measured with the full trigger.
 *
 * @param parts the number of pieces, {@code >= 2}, or 0 for one per malicious client (simulation)
 * @param part this client's piece in {@code [0, parts)}, or -1 for its rank among the malicious
 *     clients (simulation); a networked site ({@code fedsynth join --attack}) must give both
 */
public record DbaSpec(int parts, int part) {

    /** The config field. */
    public static final String FIELD = "attack.dba";

    /** Validates. */
    public DbaSpec {
        if (parts != 0 && parts < 2) {
            throw new IllegalArgumentException(FIELD + ".parts must be >= 2 (or left out: one per malicious client); found "
                    + parts);
        }
        if (part < -1 || (parts > 0 && part >= parts)) {
            throw new IllegalArgumentException(FIELD + ".part must be in [0, parts) (or left out: the client's rank among"
                    + " the malicious clients); found " + part + (parts > 0 ? " with parts " + parts : ""));
        }
        if (part >= 0 && parts == 0) {
            throw new IllegalArgumentException(FIELD + ".part needs dba.parts (how many pieces the trigger is cut into)");
        }
    }

    /** One piece per malicious client, assigned by rank. */
    public static DbaSpec perClient() {
        return new DbaSpec(0, -1);
    }

    /**
     * The binding: {@code true} (one piece per malicious client), or a mapping with {@code parts}
     * and {@code part}; {@code false} is refused here (leave the key out for no DBA).
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static DbaSpec fromJson(Object raw) {
        if (Boolean.TRUE.equals(raw)) {
            return perClient();
        }
        if (raw instanceof java.util.Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!"parts".equals(k) && !"part".equals(k)) {
                    throw new IllegalArgumentException(FIELD + "." + k + " is not a known setting; allowed: part, parts");
                }
            }
            return new DbaSpec(integer(m.get("parts"), "parts", 0), integer(m.get("part"), "part", -1));
        }
        throw new IllegalArgumentException(FIELD + " must be true (one piece of the trigger per malicious client) or a"
                + " mapping {parts: K, part: I}; leave it out for no DBA; found '" + raw + "'");
    }

    private static int integer(Object v, String key, int dflt) {
        if (v == null) {
            return dflt;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return ((Number) v).intValue();
        }
        throw new IllegalArgumentException(FIELD + "." + key + " must be an integer; found '" + v + "'");
    }
}
