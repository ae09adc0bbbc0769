package dev.recordmetric.fakes;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a GitHub App JWT the way GitHub does: RS256 signed by the registered key, {@code iss} the
 * App id or client id, issued not in the future, expiring within ten minutes.
 */
final class AppJwtVerifier {

    static final long SKEW_SECONDS = 60;
    static final long MAX_LIFETIME_SECONDS = 600;

    static final String UNDECODABLE = "A JSON web token could not be decoded";
    static final String EXPIRED = "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
    static final String TOO_FAR = "'Expiration time' claim ('exp') is too far in the future";
    static final String ISSUED_IN_FUTURE = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
    static final String BAD_ISSUER = "'Issuer' claim ('iss') must be an Integer";
    static final String UNKNOWN_ISSUER = "Integration not found";

    record App(long appId, String clientId, PublicKey publicKey) {
    }

    /** Either the accepted JWT's App and claims, or why it was refused. */
    record Outcome(App app, Map<String, Object> claims, String refusal) {
        boolean accepted() {
            return refusal == null;
        }
    }

    private AppJwtVerifier() {
    }

    static Outcome verify(String jwt, Instant now, Function<String, App> appsByIssuer) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return refused(UNDECODABLE);
        }
        Map<String, Object> header;
        Map<String, Object> claims;
        try {
            header = decode(parts[0]);
            claims = decode(parts[1]);
        } catch (Exception e) {
            return refused(UNDECODABLE);
        }
        if (!"RS256".equals(header.get("alg"))) {
            return refused(UNDECODABLE);
        }
        Object issuer = claims.get("iss");
        if (!(issuer instanceof String) && !(issuer instanceof Number)) {
            return refused(BAD_ISSUER);
        }
        App app = appsByIssuer.apply(issuer.toString());
        if (app == null) {
            return refused(UNKNOWN_ISSUER);
        }
        if (!signatureValid(parts, app.publicKey())) {
            return refused(UNDECODABLE);
        }
        if (!(claims.get("iat") instanceof Number issuedAt)) {
            return refused(ISSUED_IN_FUTURE);
        }
        if (!(claims.get("exp") instanceof Number expiresAt)) {
            return refused(EXPIRED);
        }
        long nowSeconds = now.getEpochSecond();
        if (issuedAt.longValue() > nowSeconds + SKEW_SECONDS) {
            return refused(ISSUED_IN_FUTURE);
        }
        if (expiresAt.longValue() <= nowSeconds) {
            return refused(EXPIRED);
        }
        if (expiresAt.longValue() - issuedAt.longValue() > MAX_LIFETIME_SECONDS + SKEW_SECONDS
                || expiresAt.longValue() > nowSeconds + MAX_LIFETIME_SECONDS + SKEW_SECONDS) {
            return refused(TOO_FAR);
        }
        return new Outcome(app, Map.copyOf(claims), null);
    }

    /**
     * RS256 is SHA256withRSA over {@code header.payload}. (jjwt's parser refuses a numeric
     * {@code iss}, which GitHub accepts, so the JDK checks the signature.)
     */
    private static boolean signatureValid(String[] parts, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, Object> decode(String part) throws Exception {
        return Json.MAPPER.readValue(Base64.getUrlDecoder().decode(part), new TypeReference<>() { });
    }

    private static Outcome refused(String message) {
        return new Outcome(null, null, message);
    }
}
