package dev.recordmetric.cli;

/**
 * A problem the operator can fix: printed as one line (what is wrong, what to do), never with a
 * stack trace, and never holding a secret.
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message, null, false, false);
    }
}
