package dev.recordmetric.deployment;

/** A local deployment could not be started, applied or torn down; the message says what to do. */
public final class LocalDeploymentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalDeploymentException(String message) {
        super(message);
    }

    public LocalDeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
