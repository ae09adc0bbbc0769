package dev.recordmetric.fakes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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
        if (!signatureValid(jwt, app.publicKey(), now)) {
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

    /** jjwt checks the RS256 signature; the time rules are checked above with GitHub's messages. */
    private static boolean signatureValid(String jwt, PublicKey key, Instant now) {
        try {
            return Jwts.parser()
                    .verifyWith(key)
                    .clock(() -> Date.from(now))
                    .clockSkewSeconds(SKEW_SECONDS)
                    .build()
                    .parse(jwt) instanceof Jws<?>;
        } catch (ExpiredJwtException e) {
            return true;
        } catch (JwtException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, Object> decode(String part) throws Exception {
        return JSON.readValue(Base64.getUrlDecoder().decode(part), new TypeReference<>() { });
    }

    private static Outcome refused(String message) {
        return new Outcome(null, null, message);
    }
}
