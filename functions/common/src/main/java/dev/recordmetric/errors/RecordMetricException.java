package dev.recordmetric.errors;

/**
 * Base of the named errors. The Java Lambda runtime reports a thrown exception's fully qualified
 * class name as {@code errorType}, which Step Functions uses as the error name in Retry and Catch:
 * the subclasses' names are therefore part of the state machine's contract and must not move.
 *
 * <p>Messages say what happened and what to do; they never contain a credential.
 */
public abstract class RecordMetricException extends RuntimeException {

    protected RecordMetricException(String message, Throwable cause) {
        super(message, cause);
    }
}
