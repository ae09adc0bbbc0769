package dev.recordmetric.errors;

/** The deployment is misconfigured: a missing or malformed environment variable or input, a malformed secret or private key, or an AWS resource the function may not use. */
public final class InvalidConfigurationException extends RecordMetricException {

    public InvalidConfigurationException(String message) {
        super(message, null);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
