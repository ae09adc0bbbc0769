package dev.recordmetric.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The whole workflow, locally: {@code record-metric.asl.json} rendered as Terraform would render
 * it, on the local engine, with the two functions behind a {@link LambdaInvokeEndpoint} and
 * PutMetricData served by {@link CloudWatchPutMetricData}. A function is a {@link FunctionPackage}
 * (the deployable jar under AWS's Lambda runtime client, in a JVM of its own, as Lambda runs it) or
 * a handler run in this JVM (for tests that inject collaborators). Where the functions get GitHub,
 * Secrets Manager and KMS from is the caller's choice (fakes, or the real services).
 *
 * <p>Executions may run concurrently. Close it to stop the engine and the endpoint.
 */
public final class LocalWorkflow implements AutoCloseable {

    /** Names as the Terraform module gives them (the functions' names are examples). */
    public static final String STATE_MACHINE_NAME = "record-metric";
    public static final String GET_TOKEN_FUNCTION = "record-metric-get-token";
    public static final String LIST_RUNNERS_FUNCTION = "record-metric-list-runners";

    /** The definition's placeholders. */
    public static final String GET_TOKEN_FUNCTION_ARN = "GetTokenFunctionArn";
    public static final String LIST_RUNNERS_FUNCTION_ARN = "ListRunnersFunctionArn";
    public static final String METRIC_NAMESPACE = "MetricNamespace";
    /** Service integration ARNs carry the partition (arn:aws-cn:states:::... in China); locally, the commercial one. */
    public static final String PARTITION = "Partition";

    private static final Duration EXECUTION_WAIT = Duration.ofSeconds(90);

    private final LambdaInvokeEndpoint endpoint;
    private final LocalEngine engine;
    private final CloudWatchPutMetricData metrics;
    private final Map<String, String> templateVariables;
    private final String definition;
    private final ExecutionContext baseContext;
    private final LambdaInvokeEndpoint.FunctionSettings getTokenSettings;
    private final LambdaInvokeEndpoint.FunctionSettings listRunnersSettings;

    private LocalWorkflow(Builder builder) {
        this.endpoint = LambdaInvokeEndpoint.start(builder.region, builder.accountId);
        endpoint.useFiles(builder.files);
        this.getTokenSettings = builder.getTokenSettings;
        this.listRunnersSettings = builder.listRunnersSettings;
        try {
            String getTokenArn = register(GET_TOKEN_FUNCTION, builder.getToken, builder.getTokenSettings);
            String listRunnersArn = register(LIST_RUNNERS_FUNCTION, builder.listRunners, builder.listRunnersSettings);
            this.metrics = new CloudWatchPutMetricData(builder.clock, builder.publishTo);
            endpoint.registerIntegration("cloudwatch", "putMetricData", metrics);
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put(GET_TOKEN_FUNCTION_ARN, getTokenArn);
            vars.put(LIST_RUNNERS_FUNCTION_ARN, listRunnersArn);
            vars.put(METRIC_NAMESPACE, builder.metricNamespace);
            vars.put(PARTITION, "aws");
            vars.putAll(builder.moreVariables);
            this.templateVariables = Map.copyOf(vars);
            this.definition = TemplateFile.render(
                    builder.definitionTemplate != null ? builder.definitionTemplate : builder.files.definitionTemplate(), vars);
            this.baseContext = ExecutionContext.standard(builder.region, builder.accountId, builder.stateMachineName);
            this.engine =
                    LocalEngine.start(new LocalEngine.Options(builder.files, endpoint.uri(), builder.region, builder.node,
                            builder.engineStderr, endpoint.credentials()));
        } catch (RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A handler or a package: registered on the endpoint as what it is. */
    private String register(String name, Object function, LambdaInvokeEndpoint.FunctionSettings settings) {
        return function instanceof FunctionPackage code
                ? endpoint.register(name, code, settings)
                : endpoint.register(name, (RequestStreamHandler) function, settings);
    }

    /**
     * The outcome of one execution.
     *
     * @param datapoints what this execution published (empty when it failed before PutMetricData)
     * @param invocations this execution's Lambda invocations, in order
     */
    public record Run(
            ExecutionResult result, List<CloudWatchPutMetricData.Datapoint> datapoints, List<LambdaInvokeEndpoint.Invocation> invocations) {

        public ExecutionStatus status() {
            return result.status();
        }

        /** Every log line the functions wrote through their logger during this execution. */
        public List<String> logLines() {
            return invocations.stream().flatMap(i -> i.logLines().stream()).toList();
        }

        /** What the functions' processes wrote to stdout and stderr during this execution. */
        public List<String> consoleLines() {
            return invocations.stream().flatMap(i -> i.consoleLines().stream()).toList();
        }
    }

    /** Runs one execution (a new execution name, input {@code {}}) to its end. */
    public Run run(Overrides overrides) {
        return run(overrides, null);
    }

    /** Runs one execution to its end; {@code listener} (may be null) sees each event as it happens. */
    public Run run(Overrides overrides, Consumer<ExecutionEvent> listener) {
        return finish(start(overrides, listener));
    }

    /** Starts one execution; {@link #finish} waits for it. */
    public LocalEngine.Execution start(Overrides overrides, Consumer<ExecutionEvent> listener) {
        ExecutionContext context = baseContext.next();
        return engine.start(ExecutionRequest.of(definition, context, overrides), listener);
    }

    /** Waits for {@code execution} and gathers what it published and invoked. */
    public Run finish(LocalEngine.Execution execution) {
        ExecutionResult result = execution.await(EXECUTION_WAIT);
        String arn = result.executionArn();
        return new Run(result, metrics.datapoints(arn), invocationsOf(arn));
    }

    private List<LambdaInvokeEndpoint.Invocation> invocationsOf(String executionArn) {
        return endpoint.invocations().stream()
                .filter(i -> executionArn.equals(executionArnOf(i.payload())))
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

    /**
     * Serves the two functions with these handlers, in this JVM, from now on (same names and ARNs,
     * so the definition is unchanged): lets one engine run executions against differently configured
     * handlers.
     */
    public void useHandlers(RequestStreamHandler getToken, RequestStreamHandler listRunners) {
        endpoint.register(GET_TOKEN_FUNCTION, getToken, getTokenSettings);
        endpoint.register(LIST_RUNNERS_FUNCTION, listRunners, listRunnersSettings);
    }

    /**
     * Serves the two functions with these packages under the Lambda runtime client from now on
     * (same names and ARNs); the processes of the previous ones stop, and both new ones start at
     * once, a cold start each.
     */
    public void useFunctions(FunctionPackage getToken, FunctionPackage listRunners) {
        endpoint.register(GET_TOKEN_FUNCTION, getToken, getTokenSettings);
        endpoint.register(LIST_RUNNERS_FUNCTION, listRunners, listRunnersSettings);
    }

    /** The rendered definition the engine runs. */
    public String definition() {
        return definition;
    }

    /** The values given to the template, as Terraform's templatefile() would get them. */
    public Map<String, String> templateVariables() {
        return templateVariables;
    }

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

    /** Configures a {@link LocalWorkflow}; the two functions (handlers or packages) are required. */
    public static final class Builder {
        private String region = "eu-west-1";
        private String accountId = "123456789012";
        private String stateMachineName = STATE_MACHINE_NAME;
        private String metricNamespace = "GitHubRunners";
        /** A {@link RequestStreamHandler} or a {@link FunctionPackage}. */
        private Object getToken;
        private Object listRunners;
        private LambdaInvokeEndpoint.FunctionSettings getTokenSettings = LambdaInvokeEndpoint.FunctionSettings.DEFAULT;
        private LambdaInvokeEndpoint.FunctionSettings listRunnersSettings = LambdaInvokeEndpoint.FunctionSettings.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private CloudWatchClient publishTo;
        private StateMachineFiles files;
        private String definitionTemplate;
        private Map<String, String> moreVariables = Map.of();
        private String node;
        private Consumer<String> engineStderr;

        private Builder() {}

        public Builder region(String value) {
            region = Objects.requireNonNull(value);
            return this;
        }

        public Builder accountId(String value) {
            accountId = Objects.requireNonNull(value);
            return this;
        }

        public Builder stateMachineName(String value) {
            stateMachineName = Objects.requireNonNull(value);
            return this;
        }

        public Builder metricNamespace(String value) {
            metricNamespace = Objects.requireNonNull(value);
            return this;
        }

        public Builder getToken(RequestStreamHandler handler) {
            getToken = Objects.requireNonNull(handler);
            return this;
        }

        public Builder getToken(RequestStreamHandler handler, LambdaInvokeEndpoint.FunctionSettings settings) {
            getTokenSettings = Objects.requireNonNull(settings);
            return getToken(handler);
        }

        public Builder listRunners(RequestStreamHandler handler) {
            listRunners = Objects.requireNonNull(handler);
            return this;
        }

        public Builder listRunners(RequestStreamHandler handler, LambdaInvokeEndpoint.FunctionSettings settings) {
            listRunnersSettings = Objects.requireNonNull(settings);
            return listRunners(handler);
        }

        /** GetToken as deployed: the package under the Lambda runtime client. */
        public Builder getToken(FunctionPackage code) {
            getToken = Objects.requireNonNull(code);
            return this;
        }

        public Builder getToken(FunctionPackage code, LambdaInvokeEndpoint.FunctionSettings settings) {
            getTokenSettings = Objects.requireNonNull(settings);
            return getToken(code);
        }

        /** ListRunners as deployed: the package under the Lambda runtime client. */
        public Builder listRunners(FunctionPackage code) {
            listRunners = Objects.requireNonNull(code);
            return this;
        }

        public Builder listRunners(FunctionPackage code, LambdaInvokeEndpoint.FunctionSettings settings) {
            listRunnersSettings = Objects.requireNonNull(settings);
            return listRunners(code);
        }

        /** The clock CloudWatch's timestamp window is checked against. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        /** Also publish accepted datapoints to this (real) CloudWatch. */
        public Builder publishTo(CloudWatchClient client) {
            publishTo = client;
            return this;
        }

        /**
         * Runs this definition template instead of {@code record-metric.asl.json} (e.g. an earlier
         * version), rendered with these variables besides the current ones.
         */
        public Builder definition(String template, Map<String, String> variables) {
            definitionTemplate = Objects.requireNonNull(template);
            moreVariables = Map.copyOf(variables);
            return this;
        }

        public Builder files(StateMachineFiles value) {
            files = value;
            return this;
        }

        public Builder node(String executable) {
            node = executable;
            return this;
        }

        public Builder engineStderr(Consumer<String> listener) {
            engineStderr = listener;
            return this;
        }

        /** Starts the endpoint and the engine. */
        public LocalWorkflow start() {
            if (getToken == null || listRunners == null) {
                throw new IllegalStateException("both functions are required: getToken(...) and listRunners(...)");
            }
            if (files == null) {
                files = StateMachineFiles.locate();
            }
            try {
                return new LocalWorkflow(this);
            } catch (UncheckedIOException e) {
                throw new LocalEngineException("cannot start the local workflow", e);
            }
        }
    }
}
