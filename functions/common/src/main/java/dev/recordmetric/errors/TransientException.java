package dev.recordmetric.errors;

/** A failure worth retrying: a GitHub 5xx, a connection reset or timeout, AWS throttling or an AWS 5xx. */
public final class TransientException extends RecordMetricException {

    public TransientException(String message) {
        super(message, null);
    }

    public TransientException(String message, Throwable cause) {
        super(message, cause);
    }
}
