package dev.recordmetric.errors;

/** GitHub rejected the credentials (401), or they lack a permission (403 that is not a rate limit). */
public final class AuthenticationException extends RecordMetricException {

    public AuthenticationException(String message) {
        super(message, null);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
