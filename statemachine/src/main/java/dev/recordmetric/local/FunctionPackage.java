package dev.recordmetric.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A Lambda function as it is deployed: its package, handler, environment variables and execution
 * role credentials. {@link LambdaInvokeEndpoint} runs it as Lambda's Java runtime does, in a JVM of
 * its own under AWS's runtime interface client ({@link RuntimeEnvironment}).
 *
 * @param code the deployment package (a {@code .jar}), or a directory of classes used as the task root
 * @param handler as in the function's configuration, e.g. {@code dev.recordmetric.gettoken.GetTokenHandler::handleRequest}
 * @param environment the function's own variables (Lambda's reserved ones are set by the harness)
 * @param credentials the execution role's credentials, or null for none
 * @param snapStart started as a SnapStart function is: {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start},
 *     the runtime's checkpoint and restore hooks, and the credentials from a container credentials
 *     endpoint instead of environment variables
 * @param logFormat {@code JSON} or {@code Text}, as {@code logging_config.log_format}
 */
public record FunctionPackage(
        Path code, String handler, Map<String, String> environment, AwsSessionCredentials credentials,
        boolean snapStart, String logFormat) {

    public static final String GET_TOKEN_HANDLER = "dev.recordmetric.gettoken.GetTokenHandler::handleRequest";
    public static final String LIST_RUNNERS_HANDLER = "dev.recordmetric.listrunners.ListRunnersHandler::handleRequest";
    public static final String RECEIVE_JOB_EVENTS_HANDLER = "dev.recordmetric.jobevents.ReceiveJobEventsHandler::handleRequest";
    /** What to do when a deployable jar is missing. */
    public static final String BUILD_THEM = "build the function packages first"
            + " (./mvnw -B -ntp package -DskipTests -pl functions/get-token,functions/list-runners,functions/job-events -am)";

    public FunctionPackage {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(handler, "handler");
        environment = Map.copyOf(environment);
        if (!logFormat.equals("JSON") && !logFormat.equals("Text")) {
            throw new IllegalArgumentException("log format is JSON or Text, not " + logFormat);
        }
        if (!Files.isRegularFile(code) && !Files.isDirectory(code)) {
            throw new LocalEngineException(code + " does not exist: " + BUILD_THEM);
        }
    }

    /** On-demand (no SnapStart), JSON logs: as the Terraform module deploys it by default. */
    public static FunctionPackage of(Path code, String handler, Map<String, String> environment,
            AwsSessionCredentials credentials) {
        return new FunctionPackage(code, handler, environment, credentials, false, "JSON");
    }

    /** GetToken's deployable package, {@code functions/get-token/target/get-token.jar} of this checkout. */
    public static FunctionPackage getToken(Map<String, String> environment, AwsSessionCredentials credentials) {
        return of(jar(checkout(), "get-token"), GET_TOKEN_HANDLER, environment, credentials);
    }

    /** ListRunners' deployable package, {@code functions/list-runners/target/list-runners.jar} of this checkout. */
    public static FunctionPackage listRunners(Map<String, String> environment, AwsSessionCredentials credentials) {
        return of(jar(checkout(), "list-runners"), LIST_RUNNERS_HANDLER, environment, credentials);
    }

    /** ReceiveJobEvents' deployable package, {@code functions/job-events/target/job-events.jar} of this checkout. */
    public static FunctionPackage receiveJobEvents(Map<String, String> environment, AwsSessionCredentials credentials) {
        return of(jar(checkout(), "job-events"), RECEIVE_JOB_EVENTS_HANDLER, environment, credentials);
    }

    /** Where the build puts a function's deployable jar: {@code functions/<function>/target/<function>.jar}. */
    public static Path jar(Path repository, String function) {
        return repository.resolve("functions").resolve(function).resolve("target").resolve(function + ".jar");
    }

    private static Path checkout() {
        return StateMachineFiles.locate().directory().getParent();
    }

    public FunctionPackage withSnapStart(boolean value) {
        return new FunctionPackage(code, handler, environment, credentials, value, logFormat);
    }

    public FunctionPackage withLogFormat(String value) {
        return new FunctionPackage(code, handler, environment, credentials, snapStart, value);
    }

    /** The same package with {@code name} set to {@code value}, or removed when {@code value} is null. */
    public FunctionPackage withVariable(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(environment);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return new FunctionPackage(code, handler, changed, credentials, snapStart, logFormat);
    }

    public FunctionPackage withCredentials(AwsSessionCredentials value) {
        return new FunctionPackage(code, handler, environment, value, snapStart, logFormat);
    }
}
