package dev.recordmetric.cli;

import java.net.URI;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The deployed state machine, reached through the default AWS credentials chain. */
final class StepFunctionsOptions {

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:states:([a-z0-9-]+):\\d{12}:stateMachine:[A-Za-z0-9_-]+");

    @Option(names = "--state-machine-arn", paramLabel = "ARN", required = true,
            description = "The deployed state machine (the Terraform module's state_machine_arn output).")
    String stateMachineArn;

    @Option(names = "--aws-endpoint-url", paramLabel = "URL", hidden = true, description = "Step Functions endpoint (for tests).")
    URI endpoint;

    SfnClient client() {
        var matcher = ARN.matcher(stateMachineArn.strip());
        if (!matcher.matches()) {
            throw new CliException("--state-machine-arn '" + stateMachineArn + "' is not a state machine ARN"
                    + " (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME): copy the Terraform output state_machine_arn");
        }
        try {
            var builder = SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(matcher.group(1)));
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            return builder.build();
        } catch (SdkClientException e) {
            throw new CliException("cannot set up the Step Functions client: " + RunCommand.firstLine(e.getMessage()));
        }
    }

    /** One line for an AWS failure: no credentials, access denied, no such state machine. */
    static CliException explain(software.amazon.awssdk.core.exception.SdkException e, String what) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service && service.awsErrorDetails() != null) {
            return new CliException(what + " failed: " + service.awsErrorDetails().errorCode() + ": "
                    + service.awsErrorDetails().errorMessage() + hint(service.awsErrorDetails().errorCode()));
        }
        return new CliException(what + " failed: " + RunCommand.firstLine(e.getMessage())
                + " (set AWS credentials, e.g. AWS_PROFILE, with access to the state machine)");
    }

    private static String hint(String code) {
        if (code == null) {
            return "";
        }
        return switch (code) {
            case "StateMachineDoesNotExist" -> " (check --state-machine-arn: region, account and name)";
            case "AccessDeniedException" -> " (the AWS credentials need states:ListExecutions, states:GetExecutionHistory"
                    + " and states:StartExecution on it)";
            default -> "";
        };
    }
}
