package dev.recordmetric.common;

import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.errors.RecordMetricException;
import dev.recordmetric.errors.TransientException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns an AWS SDK failure into a named error: throttling and 5xx are transient, the rest is configuration. */
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
