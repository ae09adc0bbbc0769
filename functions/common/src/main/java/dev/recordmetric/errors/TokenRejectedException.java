package dev.recordmetric.errors;

/**
 * GitHub rejected the token with 401 while listing runners: a cached App installation token that
 * was revoked (App reinstalled or suspended), or a personal access token revoked or expired. The
 * state machine gets a new token (cache bypassed) and lists once more; a second rejection fails
 * the run.
 */
public final class TokenRejectedException extends RecordMetricException {

    public TokenRejectedException(String message) {
        super(message, null);
    }
}
