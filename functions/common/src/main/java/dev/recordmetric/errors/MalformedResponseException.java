package dev.recordmetric.errors;

/** GitHub answered with something that is not the documented response. */
public final class MalformedResponseException extends RecordMetricException {

    public MalformedResponseException(String message) {
        super(message, null);
    }

    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
