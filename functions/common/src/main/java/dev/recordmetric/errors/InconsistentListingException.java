package dev.recordmetric.errors;

/**
 * The organization's runners changed while they were paged through, every time they were listed
 * (the pages disagree on {@code total_count}, the distinct runner ids seen differ from it, or page 1
 * changed meanwhile): no exact count could be taken this minute, so none is published. Not
 * retried; the next run lists again.
 */
public final class InconsistentListingException extends RecordMetricException {

    public InconsistentListingException(String message) {
        super(message, null);
    }
}
