package dev.recordmetric.jobevents;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhook signature (GitHub docs, "Validating webhook deliveries"): the
 * {@code X-Hub-Signature-256} header is {@code sha256=} and the hex HMAC-SHA256 of the raw body with
 * the webhook secret as key. Compared in constant time ({@link MessageDigest#isEqual}). The SHA-1
 * {@code X-Hub-Signature} GitHub also sends for old receivers is never accepted.
 */
public final class WebhookSignature {

    public static final String HEADER = "x-hub-signature-256";
    private static final String PREFIX = "sha256=";
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /** What checking a delivery's signature found. */
    public enum Verdict {
        VALID,
        /** No {@code X-Hub-Signature-256} (with or without the SHA-1 header). */
        MISSING,
        /** Not {@code sha256=} and 64 hex digits. */
        MALFORMED,
        /** Well-formed, but not the body's HMAC with this secret. */
        MISMATCH
    }

    private WebhookSignature() {
    }

    public static Verdict verify(byte[] secret, byte[] body, String header) {
        if (header == null || header.isEmpty()) {
            return Verdict.MISSING;
        }
        if (!header.startsWith(PREFIX) || !HEX_SHA256.matcher(header.substring(PREFIX.length())).matches()) {
            return Verdict.MALFORMED;
        }
        byte[] claimed = HexFormat.of().parseHex(header.substring(PREFIX.length()));
        return MessageDigest.isEqual(hmac(secret, body), claimed) ? Verdict.VALID : Verdict.MISMATCH;
    }

    /** {@code sha256=<hex>}: the header GitHub sends for {@code body} signed with {@code secret}. */
    public static String sign(byte[] secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
