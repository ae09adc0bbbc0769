package dev.recordmetric.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds GitHub App JWTs, good or deliberately bad, for tests. */
public final class AppJwts {

    private AppJwts() {
    }

    /** A valid JWT as GitHub documents it: issued 60 s in the past, expiring in 9 minutes. */
    public static String valid(PrivateKey key, Object issuer, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iat", now.getEpochSecond() - 60);
        claims.put("exp", now.getEpochSecond() + 540);
        claims.put("iss", issuer);
        return sign(key, claims);
    }

    /** Signs {@code claims} as they are (numbers stay numbers) with RS256. */
    public static String sign(PrivateKey key, Map<String, Object> claims) {
        try {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = base64.encodeToString(Json.MAPPER.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")))
                    + "." + base64.encodeToString(Json.MAPPER.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64.encodeToString(signature.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test JWT", e);
        }
    }
}
