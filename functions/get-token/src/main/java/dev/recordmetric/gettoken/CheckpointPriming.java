package dev.recordmetric.gettoken;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.recordmetric.common.InvocationLog;
import dev.recordmetric.common.JsonStreams;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * For Lambda SnapStart: before the snapshot, runs the every-invocation code that needs no network
 * on made-up data: reading a PEM key and signing an App JWT with a throwaway RSA key (never the
 * App's), and rendering the output and the log line. No secret is read, so none is captured. On a
 * JVM without CRaC support the registration does nothing.
 */
final class CheckpointPriming implements Resource {

    private CheckpointPriming() {
    }

    /** Registers priming; keep the returned reference (contexts may hold resources weakly). */
    static CheckpointPriming register() {
        var priming = new CheckpointPriming();
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException, GeneralSecurityException {
        prime(OutputStream.nullOutputStream(), InvocationLog.DISCARD);
    }

    /** The JWT priming signed and the public half of the throwaway key it signed with. */
    record Signed(String jwt, PublicKey key) {}

    /** Runs the invocation's offline code once on made-up data, rendering the output to {@code output} and the log line to {@code logger}. */
    Signed prime(OutputStream output, LambdaLogger logger) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair throwaway = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(throwaway.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Instant now = Instant.now();
        String jwt = Jwts.builder()
                .issuer("priming")
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plusSeconds(60)))
                .signWith(PrivateKeys.parse(pem, "priming key"), Jwts.SIG.RS256)
                .compact();
        JsonStreams.write(JsonStreams.objectNode().put("sealedToken", "priming").put("fromCache", false), output);
        new InvocationLog("GetToken").put("fromCache", false).succeeded(logger);
        return new Signed(jwt, throwaway.getPublic());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: clients, configuration and the token cache stay valid across a restore.
    }
}
