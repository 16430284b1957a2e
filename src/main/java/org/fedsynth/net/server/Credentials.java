package org.fedsynth.net.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's table of known clients: which identity a bearer token or a client certificate's
 * common name belongs to, each client's index in the federation (its position in the list: seeds
 * and aggregation order follow it), and whether it is revoked. Tokens are stored only as SHA-256.
 */
public final class Credentials {

    /** A known client. */
    public record Known(String id, int index, boolean revoked) {}

    private final Map<String, Known> byId = new LinkedHashMap<>();
    private final Map<String, Known> byTokenHash = new HashMap<>();

    /** From the config's client list (index = position). */
    public Credentials(List<ServerConfig.ClientEntry> clients) {
        for (int i = 0; i < clients.size(); i++) {
            ServerConfig.ClientEntry c = clients.get(i);
            Known k = new Known(c.id(), i, c.revoked());
            byId.put(c.id(), k);
            if (c.tokenSha256() != null) {
                byTokenHash.put(c.tokenSha256(), k);
            }
        }
    }

    /** The client holding {@code token}, or {@code null}. */
    public Known byToken(String token) {
        return byTokenHash.get(sha256(token));
    }

    /** The client with this id (a certificate's CN), or {@code null}. */
    public Known byId(String id) {
        return byId.get(id);
    }

    /** Every known client, in index order. */
    public List<Known> all() {
        return List.copyOf(byId.values());
    }

    /** Hex SHA-256 of a token's UTF-8 bytes (what {@code sha256sum} prints for a token file without newline). */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
