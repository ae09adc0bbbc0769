package dev.recordmetric.fakes;

import java.time.Instant;
import java.util.Map;

/**
 * An installation access token the fake GitHub minted.
 *
 * @param requestedPermissions the {@code permissions} of the request body, empty when none was asked
 * @param grantedPermissions   what the token carries
 */
public record MintedToken(String token, long appId, long installationId, String organization,
        Map<String, String> requestedPermissions, Map<String, String> grantedPermissions, Instant expiresAt) {

    public MintedToken {
        requestedPermissions = Map.copyOf(requestedPermissions);
        grantedPermissions = Map.copyOf(grantedPermissions);
    }
}
