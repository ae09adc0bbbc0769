package dev.recordmetric.common;

import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.errors.RecordMetricException;
import dev.recordmetric.errors.TransientException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an AWS SDK failure into a named error: throttling, 5xx and no answer are transient, and so
 * is a credentials endpoint that fails for a moment; a refusal and missing credentials are configuration.
 */
public final class AwsErrors {

    private static final Set<String> TRANSIENT_CODES = Set.of(
            "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
            "InternalFailure", "InternalServiceError", "ServiceUnavailable", "KMSInternalException",
            "KeyUnavailableException", "DependencyTimeoutException", "RequestTimeout");

    private AwsErrors() {
    }

    /**
     * @param what what the call was for, e.g. {@code "reading secret arn:..."}
     * @param fix what the operator should check when the failure is not transient
     */
    public static RecordMetricException translate(SdkException failure, String what, String fix) {
        if (failure instanceof AwsClients.CredentialsUnavailableException) {
            return new InvalidConfigurationException("No AWS credentials while " + what + " (" + failure.getMessage()
                    + "). On Lambda the runtime provides the execution role's: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"
                    + " and AWS_SESSION_TOKEN, or with SnapStart AWS_CONTAINER_CREDENTIALS_FULL_URI and"
                    + " AWS_CONTAINER_AUTHORIZATION_TOKEN; check that nothing overrides them and that the role exists.",
                    failure);
        }
        if (failure instanceof AwsClients.CredentialsEndpointFailedException) {
            return new TransientException("The container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI) failed while "
                    + what + " (" + failure.getMessage() + "); the state machine retries.", failure);
        }
        if (failure instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "Unknown" : service.awsErrorDetails().errorCode();
            String text = "AWS answered " + code + " (HTTP " + service.statusCode() + ") while " + what;
            if (service.isThrottlingException() || service.statusCode() >= 500 || TRANSIENT_CODES.contains(code)) {
                return new TransientException(text + "; the state machine retries.", failure);
            }
            return new InvalidConfigurationException(text + ": " + fix, failure);
        }
        return new TransientException("No answer from AWS while " + what + " (" + failure.getClass().getSimpleName()
                + "); the state machine retries.", failure);
    }
}
