package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Serves one {@code arn:aws:states:::aws-sdk:SERVICE:ACTION} task locally: takes the task's
 * parameters (after Parameters processing) and returns the action's response, as Step Functions'
 * AWS SDK integration does. Called concurrently when executions run concurrently.
 */
@FunctionalInterface
public interface AwsSdkIntegration {

    /**
     * @param parameters the task's effective parameters
     * @param executionArn the calling execution ({@code $$.Execution.Id}), may be empty
     * @return the response document ({@code {}} for an action without output)
     * @throws TaskFailedException the task fails with that error name and cause
     */
    JsonNode invoke(JsonNode parameters, String executionArn) throws TaskFailedException;

    /** The task fails with the Step Functions error {@code error} (e.g. {@code CloudWatch.InvalidParameterValueException}). */
    final class TaskFailedException extends Exception {
        private final String error;

        public TaskFailedException(String error, String cause) {
            super(cause);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }
}
