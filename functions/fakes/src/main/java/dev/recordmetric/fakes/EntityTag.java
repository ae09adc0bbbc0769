package dev.recordmetric.fakes;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The fake's {@code ETag}s: a weak tag over the response body, as GitHub sends for list endpoints
 * ({@code W/"<hex>"}), so any change of the body (a runner, its state, or {@code total_count})
 * changes the tag. {@code If-None-Match} compares weakly (RFC 9110, 13.1.2), a list of tags or
 * {@code *} allowed.
 */
final class EntityTag {

    private EntityTag() {
    }

    static String of(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(Optional<String> ifNoneMatch, String etag) {
        if (ifNoneMatch.isEmpty()) {
            return false;
        }
        for (String candidate : ifNoneMatch.get().split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque(tag).equals(opaque(etag))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
