package dev.recordmetric.jobevents;

/** A delivery or a GitHub answer that is not the workflow job GitHub documents; the message names the field. */
public final class MalformedPayloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedPayloadException(String message) {
        super(message);
    }

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
