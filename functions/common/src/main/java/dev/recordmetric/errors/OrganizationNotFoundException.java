package dev.recordmetric.errors;

/** The organization, or the GitHub App's installation on it, does not exist or is not visible to the credentials. */
public final class OrganizationNotFoundException extends RecordMetricException {

    public OrganizationNotFoundException(String message) {
        super(message, null);
    }

    public OrganizationNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
