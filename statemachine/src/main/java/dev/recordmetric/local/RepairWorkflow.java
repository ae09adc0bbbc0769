package dev.recordmetric.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code repair-job-ledger} state machine, locally: {@code terraform/templates/repair-job-ledger.asl.json}
 * rendered as Terraform's {@code templatefile()} would (GetTokenFunctionArn, RepairJobLedgerFunctionArn,
 * Partition, MetricNamespace, AppHook), run by the local engine against GetToken and RepairJobLedger
 * (handlers in this JVM or the deployable jars under AWS's Lambda runtime client) behind the Lambda
 * Invoke endpoint, PutMetricData recorded as {@link LocalWorkflow} records it.
 */
public final class RepairWorkflow implements AutoCloseable {

    public static final String STATE_MACHINE_NAME = "repair-job-ledger";
    public static final String DEFINITION_PATH = "terraform/templates/repair-job-ledger.asl.json";
    public static final String GET_TOKEN_FUNCTION = "record-metric-get-token";
    public static final String REPAIR_FUNCTION = "record-metric-repair-job-ledger";
    public static final String REPAIR_HANDLER = "dev.recordmetric.jobevents.RepairJobLedgerHandler::handleRequest";

    private static final Duration EXECUTION_WAIT = Duration.ofSeconds(90);

    private final LambdaInvokeEndpoint endpoint;
    private final LocalEngine engine;
    private final CloudWatchPutMetricData metrics;
    private final String definition;
    private final ExecutionContext baseContext;

    private RepairWorkflow(Object getToken, Object repair, boolean appHook, String metricNamespace, Clock clock,
            StateMachineFiles files) {
        this.endpoint = LambdaInvokeEndpoint.start("eu-west-1", "123456789012");
        endpoint.useFiles(files);
        try {
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("GetTokenFunctionArn", register(GET_TOKEN_FUNCTION, getToken));
            vars.put("RepairJobLedgerFunctionArn", register(REPAIR_FUNCTION, repair));
            vars.put("Partition", "aws");
            vars.put("MetricNamespace", metricNamespace);
            vars.put("AppHook", Boolean.toString(appHook));
            this.metrics = new CloudWatchPutMetricData(clock);
            endpoint.registerIntegration("cloudwatch", "putMetricData", metrics);
            this.definition = TemplateFile.render(definitionTemplate(files), vars);
            this.baseContext = ExecutionContext.standard("eu-west-1", "123456789012", STATE_MACHINE_NAME);
            this.engine = LocalEngine.start(new LocalEngine.Options(files, endpoint.uri(), "eu-west-1", null, null,
                    endpoint.credentials()));
        } catch (RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    /**
     * Starts the endpoint and the engine.
     *
     * @param getToken a {@link RequestStreamHandler} or a {@link FunctionPackage}
     * @param repair a {@link RequestStreamHandler} or a {@link FunctionPackage} ({@link #repairPackage})
     * @param appHook the template's AppHook: the webhook is the GitHub App's
     */
    public static RepairWorkflow start(Object getToken, Object repair, boolean appHook, String metricNamespace, Clock clock) {
        return new RepairWorkflow(Objects.requireNonNull(getToken), Objects.requireNonNull(repair), appHook, metricNamespace,
                clock, StateMachineFiles.locate());
    }

    /** RepairJobLedger's deployable package, {@code functions/job-events/target/job-events.jar} of this checkout. */
    public static FunctionPackage repairPackage(Map<String, String> environment,
            software.amazon.awssdk.auth.credentials.AwsSessionCredentials credentials) {
        Path checkout = StateMachineFiles.locate().directory().getParent();
        return FunctionPackage.of(FunctionPackage.jar(checkout, "job-events"), REPAIR_HANDLER, environment, credentials);
    }

    /** The definition template, placeholders unfilled. */
    public static String definitionTemplate(StateMachineFiles files) {
        try {
            return Files.readString(files.directory().getParent().resolve(DEFINITION_PATH));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String register(String name, Object function) {
        return function instanceof FunctionPackage code
                ? endpoint.register(name, code, LambdaInvokeEndpoint.FunctionSettings.DEFAULT)
                : endpoint.register(name, (RequestStreamHandler) function, LambdaInvokeEndpoint.FunctionSettings.DEFAULT);
    }

    /** Runs one execution (input {@code {}}) to its end. */
    public LocalWorkflow.Run run(Overrides overrides) {
        ExecutionResult result = engine.start(ExecutionRequest.of(definition, baseContext.next(), overrides), null)
                .await(EXECUTION_WAIT);
        String arn = result.executionArn();
        return new LocalWorkflow.Run(result, metrics.datapoints(arn), invocationsOf(arn));
    }

    private List<LambdaInvokeEndpoint.Invocation> invocationsOf(String executionArn) {
        return endpoint.invocations().stream()
                .filter(invocation -> executionArn.equals(executionArnOf(invocation.payload())))
                .sorted(java.util.Comparator.comparing(LambdaInvokeEndpoint.Invocation::startedAt))
                .toList();
    }

    private static String executionArnOf(String payload) {
        try {
            JsonNode json = Json.STRICT.readTree(payload);
            return json == null ? null : json.path("executionArn").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The rendered definition the engine runs. */
    public String definition() {
        return definition;
    }

    /** The Lambda Invoke endpoint the engine calls: another function (the receiver) may be registered on it. */
    public LambdaInvokeEndpoint endpoint() {
        return endpoint;
    }

    public LocalEngine engine() {
        return engine;
    }

    public CloudWatchPutMetricData metrics() {
        return metrics;
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            endpoint.close();
        }
    }
}
