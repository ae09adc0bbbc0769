package dev.recordmetric.local;

/** The local engine could not start, run or answer a request. */
public class LocalEngineException extends RuntimeException {
    public LocalEngineException(String message) {
        super(message);
    }

    public LocalEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
