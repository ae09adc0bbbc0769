package dev.recordmetric.fakes;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * The shapes of the installation tokens GitHub mints ("Generating an installation access token for
 * a GitHub App"): clients must assume neither a length nor a character set beyond the {@code ghs_}
 * prefix.
 */
public enum InstallationTokenFormat {

    /** {@code ghs_} and 36 letters and digits: 40 characters, the only shape before 2026-04-27. */
    CLASSIC,

    /**
     * {@code ghs_<app id>_<JWT>}, rolled out from 2026-04-27: about 520 characters, varying with what
     * the JWT holds, with the JWT's {@code .}, {@code -} and {@code _}. GitHub signs the JWT with an
     * issuer of its own and clients must not read it; here it is a made-up header, claims and 256
     * random bytes of signature.
     */
    APP_ID_JWT;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** A new random token of this shape for an installation of App {@code appId}. */
    public String mint(long appId, long installationId, Instant expiresAt) {
        return switch (this) {
            case CLASSIC -> FakeGitHub.randomToken("ghs_");
            case APP_ID_JWT -> "ghs_" + appId + "_" + jwt(appId, installationId, expiresAt);
        };
    }

    private static String jwt(long appId, long installationId, Instant expiresAt) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String claims = Json.MAPPER.createObjectNode()
                .put("iss", "fake-github")
                .put("app_id", appId)
                .put("installation_id", installationId)
                .put("exp", expiresAt.getEpochSecond())
                .put("jti", BASE64URL.encodeToString(nonce))
                .toString();
        byte[] signature = new byte[256];
        RANDOM.nextBytes(signature);
        return base64url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + base64url(claims) + "." + BASE64URL.encodeToString(signature);
    }

    private static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
