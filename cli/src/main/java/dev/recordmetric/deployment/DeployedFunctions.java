package dev.recordmetric.deployment;

import dev.recordmetric.common.Json;
import dev.recordmetric.local.FunctionPackage;
import dev.recordmetric.local.LambdaInvokeEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.SnapStartOptimizationStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The functions as the emulator has them deployed, run as Lambda runs them: for each invocation
 * the function's configuration is read from moto ({@code GetFunction}, qualified as invoked, so an
 * alias resolves to its version): handler, runtime, memory, timeout, environment, role, SnapStart,
 * log format and {@code CodeSha256}; the code is the package that went to moto with that hash
 * ({@link LambdaStandIn}); the role's credentials come from moto's STS ({@code AssumeRole}, as
 * Lambda assumes the execution role). It runs under AWS's Lambda runtime client through the
 * statemachine module's {@link LambdaInvokeEndpoint}, and is registered anew whenever moto's
 * configuration of it changes (a new deployment: new environments, cold starts).
 *
 * <p>What Lambda's own machine provides on top comes from {@code machineEnvironment}: the AWS
 * endpoint the functions reach ({@code AWS_ENDPOINT_URL}: the proxy in front of moto) and the TLS
 * trust of the fake GitHub ({@code JAVA_TOOL_OPTIONS}). Thread-safe.
 */
public final class DeployedFunctions implements AwsProxy.Invoker, AutoCloseable {

    private static final Pattern ARN = Pattern.compile("^arn:[a-z-]+:lambda:[a-z0-9-]+:\\d{12}:function:([A-Za-z0-9_-]+)(?::([^:]+))?$");
    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9_-]+)(?::([^:]+))?$");

    /**
     * One deployment of a function as it ran here.
     *
     * @param qualifier as invoked: null (unqualified), an alias or a version
     * @param version what ran ({@code $LATEST} or the version the alias points to)
     * @param accessKeyId of the role credentials it signed with (from moto's STS)
     * @param code the package that ran (the one with moto's {@code CodeSha256})
     */
    public record Deployment(String functionName, String qualifier, String version, String functionArn, String handler,
            String runtime, int memoryMb, int timeoutSeconds, Map<String, String> environment, String roleArn,
            String accessKeyId, String codeSha256, Path code, boolean snapStart, String logFormat) {}

    private record Registered(Deployment deployment, String identity) {}

    private final LambdaClient lambda;
    private final StsClient sts;
    private final LambdaStandIn packages;
    private final LambdaInvokeEndpoint endpoint;
    private final Map<String, String> machineEnvironment;
    private final Map<String, Registered> registered = new ConcurrentHashMap<>();
    private final List<Deployment> deployments = new CopyOnWriteArrayList<>();

    /**
     * @param aws where moto's Lambda and STS are reached (the proxy, so that {@link LambdaStandIn}
     *     completes the configuration)
     * @param credentials any: moto does not check them
     */
    public DeployedFunctions(URI aws, AwsCredentialsProvider credentials, String region, String accountId, LambdaStandIn packages,
            Map<String, String> machineEnvironment) {
        this.lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(aws)
                .region(Region.of(region)).credentialsProvider(credentials).build();
        this.sts = StsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(aws)
                .region(Region.of(region)).credentialsProvider(credentials).build();
        this.packages = packages;
        this.machineEnvironment = Map.copyOf(machineEnvironment);
        this.endpoint = LambdaInvokeEndpoint.start(region, accountId);
    }

    /** Every deployment run so far, in order (a new one each time moto's configuration changed). */
    public List<Deployment> deployments() {
        return List.copyOf(deployments);
    }

    /** Every invocation so far, with what the function logged. */
    public List<LambdaInvokeEndpoint.Invocation> invocations() {
        return endpoint.invocations();
    }

    /** How the environments of {@code deployment} started (cold starts, SnapStart restores, container credentials). */
    public LambdaInvokeEndpoint.Environments environments(Deployment deployment) {
        return endpoint.environments(deployment.functionName(), deployment.qualifier());
    }

    @Override
    public AwsProxy.Reply invoke(String functionName, String qualifierParameter, byte[] payload) {
        Matcher arn = ARN.matcher(functionName);
        Matcher plain = NAME.matcher(functionName);
        if (!arn.matches() && !plain.matches()) {
            return error(400, "InvalidParameterValueException", "not a function name or ARN: " + functionName);
        }
        String name = arn.matches() ? arn.group(1) : plain.group(1);
        String qualifier = qualifierParameter != null ? qualifierParameter : arn.matches() ? arn.group(2) : plain.group(2);
        if ("$LATEST".equals(qualifier)) {
            qualifier = null;
        }
        Deployment deployment;
        try {
            deployment = current(name, qualifier);
        } catch (ResourceNotFoundException e) {
            return error(404, "ResourceNotFoundException", "Function not found: " + functionName);
        } catch (LocalDeploymentException e) {
            return error(500, "ServiceException", e.getMessage());
        }
        LambdaInvokeEndpoint.Invocation invocation = endpoint.invoke(
                endpoint.functionArn(name) + (qualifier == null ? "" : ":" + qualifier), new String(payload, StandardCharsets.UTF_8));
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", List.of("application/json"));
        headers.put("X-Amz-Executed-Version", List.of(deployment.version()));
        headers.put("x-amzn-RequestId", List.of(invocation.requestId()));
        if (invocation.functionError() != null) {
            headers.put("X-Amz-Function-Error", List.of("Unhandled"));
        }
        return new AwsProxy.Reply(200, headers, invocation.response().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The function's URL, served here: moto records a function URL's configuration but serves none,
     * so each HTTP request to the returned server becomes the payload format 2.0 event Lambda's
     * function URL sends, and the function runs as moto has it deployed now. Close it after use.
     */
    public dev.recordmetric.local.FunctionUrlServer functionUrl(String functionName) {
        current(functionName, null);
        return dev.recordmetric.local.FunctionUrlServer.start(endpoint, endpoint.functionArn(functionName));
    }

    /** The function as moto has it now, registered with the endpoint if it is new or changed. */
    private Deployment current(String name, String qualifier) {
        FunctionConfiguration configuration = lambda.getFunction(r -> r.functionName(name).qualifier(qualifier)).configuration();
        String key = name + ":" + Objects.requireNonNullElse(qualifier, "");
        String identity = identity(configuration);
        synchronized (registered) {
            Registered known = registered.get(key);
            if (known != null && known.identity().equals(identity)) {
                return known.deployment();
            }
            Deployment deployment = register(name, qualifier, configuration);
            registered.put(key, new Registered(deployment, identity));
            deployments.add(deployment);
            return deployment;
        }
    }

    private Deployment register(String name, String qualifier, FunctionConfiguration configuration) {
        if (configuration.runtimeAsString() == null || !configuration.runtimeAsString().startsWith("java")) {
            throw new LocalDeploymentException(name + " has runtime " + configuration.runtimeAsString()
                    + ": only Java runtimes are run here (under AWS's Java runtime interface client)");
        }
        Path code = packages.packageWithSha256(configuration.codeSha256()).orElseThrow(() -> new LocalDeploymentException(
                name + ": moto holds code with SHA-256 " + configuration.codeSha256() + ", which did not pass through the proxy"));
        Credentials role = sts.assumeRole(r -> r.roleArn(configuration.role()).roleSessionName(name)).credentials();
        AwsSessionCredentials credentials = AwsSessionCredentials.create(role.accessKeyId(), role.secretAccessKey(), role.sessionToken());
        Map<String, String> environment = new LinkedHashMap<>();
        if (configuration.environment() != null && configuration.environment().variables() != null) {
            environment.putAll(configuration.environment().variables());
        }
        Map<String, String> functionEnvironment = Map.copyOf(environment);
        machineEnvironment.forEach((variable, value) -> environment.merge(variable, value,
                (own, added) -> variable.equals("JAVA_TOOL_OPTIONS") ? own + " " + added : added));
        boolean snapStart = configuration.snapStart() != null
                && configuration.snapStart().optimizationStatus() == SnapStartOptimizationStatus.ON;
        String logFormat = configuration.loggingConfig() != null && configuration.loggingConfig().logFormatAsString() != null
                ? configuration.loggingConfig().logFormatAsString()
                : "Text";
        FunctionPackage functionPackage = new FunctionPackage(code, configuration.handler(), environment, credentials, snapStart, logFormat);
        endpoint.register(name, qualifier, functionPackage, new LambdaInvokeEndpoint.FunctionSettings(
                configuration.memorySize(), Duration.ofSeconds(configuration.timeout()), configuration.version()));
        return new Deployment(name, qualifier, configuration.version(), configuration.functionArn(), configuration.handler(),
                configuration.runtimeAsString(), configuration.memorySize(), configuration.timeout(), functionEnvironment,
                configuration.role(), credentials.accessKeyId(), configuration.codeSha256(), code, snapStart, logFormat);
    }

    /** What makes a deployment: when any of it changes, the function is started anew. */
    private static String identity(FunctionConfiguration c) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("arn", c.functionArn());
        fields.put("version", c.version());
        fields.put("sha", c.codeSha256());
        fields.put("modified", c.lastModified());
        fields.put("handler", c.handler());
        fields.put("runtime", c.runtimeAsString());
        fields.put("memory", c.memorySize());
        fields.put("timeout", c.timeout());
        fields.put("role", c.role());
        fields.put("environment", c.environment() == null ? Map.of() : new TreeMap<>(c.environment().variables()));
        fields.put("snapStart", c.snapStart() == null ? "" : c.snapStart().optimizationStatusAsString());
        fields.put("logFormat", c.loggingConfig() == null ? "" : c.loggingConfig().logFormatAsString());
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An error of the Lambda service, as the Invoke API answers it. */
    private static AwsProxy.Reply error(int status, String type, String message) {
        AwsProxy.Reply reply = AwsProxy.Reply.json(status, "application/json",
                Json.MAPPER.createObjectNode().put("Type", status >= 500 ? "Service" : "User").put("Message", message));
        reply.headers().put("x-amzn-ErrorType", List.of(type));
        return reply;
    }

    @Override
    public void close() {
        try {
            endpoint.close();
        } finally {
            lambda.close();
            sts.close();
        }
    }
}
