package dev.recordmetric.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.FakeContainerCredentials;
import dev.recordmetric.fakes.SignatureV4Check;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A loopback HTTP server speaking the Lambda Invoke API ({@code POST
 * /2015-03-31/functions/{FunctionName}/invocations}) for registered functions, answering as Lambda
 * answers: the function's response, or its error document with {@code X-Amz-Function-Error: Unhandled}.
 * A function is either a {@link FunctionPackage}, run as Lambda runs it in a JVM of its own under
 * AWS's runtime interface client ({@link RuntimeClientFunction}: init errors, crashes and timeouts
 * as Lambda reports them), or a {@link RequestStreamHandler} run in this JVM ({@link InProcessFunction},
 * for tests that hand the handler collaborators such as a clock).
 *
 * <p>It also serves the engine's {@code aws-sdk:*} tasks at {@code POST
 * /local/aws-sdk/{service}/{action}} through registered {@link AwsSdkIntegration}s.
 *
 * <p>Every request must be signed (SigV4) with this endpoint's own random {@link #credentials()}
 * (hand them to the engine): no other local process can invoke the functions or read what they
 * answer. Anything else is refused as Lambda refuses it: HTTP 403 with
 * {@code MissingAuthenticationTokenException}, {@code UnrecognizedClientException} or
 * {@code InvalidSignatureException}.
 *
 * <p>Every invocation is recorded, with what the function logged. Thread-safe.
 */
public final class LambdaInvokeEndpoint implements AutoCloseable {

    /** Lambda's synchronous invocation payload limit. */

    private static final Pattern INVOKE_PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");
    private static final Pattern SDK_PATH = Pattern.compile("^/local/aws-sdk/([a-z0-9]+)/([A-Za-z0-9]+)$");
    private static final Pattern ARN =
            Pattern.compile("^arn:[a-z-]+:lambda:([a-z0-9-]+):(\\d{12}):function:([A-Za-z0-9_-]+)(?::([^:]+))?$");
    private static final Pattern PARTIAL_ARN = Pattern.compile("^(\\d{12}):function:([A-Za-z0-9_-]+)(?::([^:]+))?$");
    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9_-]+)(?::([^:]+))?$");

    private final HttpServer server;
    private final String region;
    private final String accountId;
    private final SignatureV4Check signatures;
    private final Map<String, Function> functions = new ConcurrentHashMap<>();
    private final Map<String, AwsSdkIntegration> integrations = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private volatile StateMachineFiles files;

    /**
     * How a function is configured, as in its Lambda configuration.
     *
     * @param version the version that runs: {@code $LATEST}, or a published version's number (what an
     *     alias or a qualified ARN resolves to)
     * @param snapshotAge with SnapStart, how long before its restore the snapshot was taken: Lambda takes
     *     it when the version is published and restores it whenever an environment is needed, so the
     *     runtime's restore request is answered that long after its checkpoint hooks ran (zero: at once)
     */
    public record FunctionSettings(int memoryMb, Duration timeout, String version, Duration snapshotAge) {
        /** The Terraform module's defaults: {@code lambda_memory_size} 1024, {@code lambda_timeout} 30. */
        public static final FunctionSettings DEFAULT = new FunctionSettings(1024, Duration.ofSeconds(30));

        public FunctionSettings {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(snapshotAge, "snapshotAge");
        }

        /** Unpublished: {@code $LATEST}. */
        public FunctionSettings(int memoryMb, Duration timeout) {
            this(memoryMb, timeout, "$LATEST");
        }

        public FunctionSettings(int memoryMb, Duration timeout, String version) {
            this(memoryMb, timeout, version, Duration.ZERO);
        }

        public FunctionSettings withSnapshotAge(Duration value) {
            return new FunctionSettings(memoryMb, timeout, version, value);
        }

        /** A new execution environment's log stream, as Lambda names it: {@code yyyy/MM/dd/[version]} and 32 hex digits. */
        String newLogStreamName() {
            byte[] id = new byte[16];
            ThreadLocalRandom.current().nextBytes(id);
            return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                    + "/[" + version + "]" + HexFormat.of().formatHex(id);
        }
    }

    /**
     * One invocation, as the endpoint saw it.
     *
     * @param functionError null on success, else the errorType reported (also for timeouts)
     * @param logLines what the function logged through its LambdaLogger (and, under the runtime
     *     client, what the runtime itself logged, e.g. an uncaught exception), one entry per event
     * @param consoleLines what the function's process wrote to stdout and stderr meanwhile (under the
     *     runtime client; the first invocation of an environment also gets its start-up's)
     */
    public record Invocation(
            String functionName,
            String requestId,
            String payload,
            String response,
            String functionError,
            List<String> logLines,
            Instant startedAt,
            Duration duration,
            List<String> consoleLines) {}

    private record Function(String name, String arn, String version, LocalFunction code) {}

    private LambdaInvokeEndpoint(HttpServer server, String region, String accountId) {
        this.server = server;
        this.region = region;
        this.accountId = accountId;
        this.signatures = new SignatureV4Check(SignatureV4Check.randomCredentials(), region);
    }

    /** Starts an endpoint on a free loopback port for functions in {@code region} and {@code accountId}. */
    public static LambdaInvokeEndpoint start(String region, String accountId) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port", e);
        }
        LambdaInvokeEndpoint endpoint = new LambdaInvokeEndpoint(server, region, accountId);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", endpoint::handle);
        server.start();
        return endpoint;
    }

    /** {@code http://127.0.0.1:PORT}: the value for {@code AWS_ENDPOINT_URL_LAMBDA}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    /** The only credentials requests may be signed with: made up for this endpoint, kept in memory. */
    public AwsSessionCredentials credentials() {
        return signatures.credentials();
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** Registers {@code handler} as function {@code name} with default settings; returns its ARN. */
    public String register(String name, RequestStreamHandler handler) {
        return register(name, handler, FunctionSettings.DEFAULT);
    }

    /** Registers {@code handler}, run in this JVM, as function {@code name}; returns its ARN. Replaces an earlier one. */
    public String register(String name, RequestStreamHandler handler, FunctionSettings settings) {
        checkName(name);
        return put(name, null, settings.version(), new InProcessFunction(name, Objects.requireNonNull(handler), settings, settings.newLogStreamName()));
    }

    /**
     * Registers {@code code} as function {@code name}, run under the Lambda runtime client; returns its
     * ARN. Replaces an earlier one (stopping its processes). Its first execution environment starts
     * now, so that registering two functions starts both at once.
     */
    public String register(String name, FunctionPackage code, FunctionSettings settings) {
        return register(name, null, code, settings);
    }

    /**
     * As {@link #register(String, FunctionPackage, FunctionSettings)}, for invocations qualified with
     * {@code qualifier} (an alias or a version number; null or {@code $LATEST}: unqualified), which run
     * {@code settings.version()}. Replaces an earlier one with the same name and qualifier. Returns the
     * qualified ARN.
     */
    public String register(String name, String qualifier, FunctionPackage code, FunctionSettings settings) {
        checkName(name);
        String normalized = unqualifiedIfLatest(qualifier);
        if (normalized != null && !NAME.matcher(normalized).matches()) {
            throw new IllegalArgumentException("not a Lambda qualifier: " + qualifier);
        }
        RuntimeClientFiles runtime = RuntimeClientFiles.locate(files != null ? files : StateMachineFiles.locate());
        return put(name, normalized, settings.version(), new RuntimeClientFunction(name, code, settings, region, runtime));
    }

    /** Where the runtime client is found (beside this statemachine module); by default {@link StateMachineFiles#locate()}. */
    public void useFiles(StateMachineFiles value) {
        files = value;
    }

    /** {@code $LATEST} names the unqualified function. */
    private static String unqualifiedIfLatest(String qualifier) {
        return qualifier == null || qualifier.equals("$LATEST") ? null : qualifier;
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches() || name.contains(":")) {
            throw new IllegalArgumentException("not a Lambda function name: " + name);
        }
    }

    private String put(String name, String qualifier, String version, LocalFunction code) {
        String arn = qualifier == null ? functionArn(name) : functionArn(name) + ":" + qualifier;
        Function previous = functions.put(key(name, qualifier), new Function(name, arn, version, code));
        if (previous != null) {
            previous.code().close();
        }
        return arn;
    }

    /** The ARN a function {@code name} has here. */
    public String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    /** The unqualified runtime-client function registered as {@code name} (for tests: its environments), else null. */
    RuntimeClientFunction runtimeClientFunction(String name) {
        Function function = functions.get(name);
        return function != null && function.code() instanceof RuntimeClientFunction runtime ? runtime : null;
    }

    /**
     * How a runtime-client function's execution environments started, for callers outside this
     * package.
     *
     * @param started how many environments (cold starts) so far
     * @param restoresRequested when each that is a SnapStart environment asked for its restore
     *     ({@code GET /runtime/restore/next}: its checkpoint hooks had run), in start order
     * @param credentialFetches the requests to its container credentials endpoint (SnapStart only)
     */
    public record Environments(int started, List<Instant> restoresRequested, List<FakeContainerCredentials.Fetch> credentialFetches) {}

    /** The environments of the runtime-client function {@code name} registered under {@code qualifier} (null: unqualified). */
    public Environments environments(String name, String qualifier) {
        Function function = functions.get(key(name, unqualifiedIfLatest(qualifier)));
        if (function == null || !(function.code() instanceof RuntimeClientFunction runtime)) {
            throw new IllegalArgumentException("no runtime-client function " + key(name, qualifier) + " is registered");
        }
        List<RuntimeEnvironment> started = runtime.environments();
        return new Environments(started.size(),
                started.stream().map(RuntimeEnvironment::restoreRequestedAt).filter(Objects::nonNull).toList(),
                runtime.containerCredentials() == null ? List.of() : runtime.containerCredentials().fetches());
    }

    /** Serves {@code arn:aws:states:::aws-sdk:SERVICE:ACTION} with {@code integration}. */
    public void registerIntegration(String service, String action, AwsSdkIntegration integration) {
        integrations.put(service + ":" + action, Objects.requireNonNull(integration));
    }

    /** The invocations so far, in order of completion. */
    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /** The invocations of function {@code name}. */
    public List<Invocation> invocations(String name) {
        return invocations.stream().filter(i -> i.functionName().equals(name)).toList();
    }

    /** Every log line every function wrote. */
    public List<String> logLines() {
        return invocations.stream().flatMap(i -> i.logLines().stream()).toList();
    }

    /** Forgets the recorded invocations. */
    public void clearInvocations() {
        invocations.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            var rejected = signatures.check(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    Objects.requireNonNullElse(exchange.getRequestURI().getRawQuery(), ""), exchange.getRequestHeaders(), body);
            if (rejected.isPresent()) {
                sendError(exchange, 403, rejected.get().errorType(), rejected.get().message());
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                sendError(exchange, 405, "MethodNotAllowedException", "only POST is served");
                return;
            }
            Matcher invoke = INVOKE_PATH.matcher(path);
            if (invoke.matches()) {
                invoke(exchange, invoke.group(1), body);
                return;
            }
            Matcher sdk = SDK_PATH.matcher(path);
            if (sdk.matches()) {
                integration(exchange, sdk.group(1), sdk.group(2), body);
                return;
            }
            sendError(exchange, 404, "UnknownOperationException", "no such operation: " + path);
        } catch (RuntimeException e) {
            sendError(exchange, 500, "ServiceException", "the local endpoint failed: " + e);
        }
    }

    private void invoke(HttpExchange exchange, String functionName, byte[] payload) throws IOException {
        Function function = resolve(functionName);
        if (function == null) {
            sendError(
                    exchange, 404, "ResourceNotFoundException",
                    "Function not found: " + (functionName.startsWith("arn:") ? functionName : functionArn(functionName)));
            return;
        }
        String invocationType = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
        if (invocationType != null && !invocationType.equals("RequestResponse")) {
            sendError(exchange, 400, "InvalidParameterValueException", "only RequestResponse invocations are served locally");
            return;
        }
        if (payload.length > LambdaErrors.MAX_PAYLOAD_BYTES) {
            sendError(
                    exchange, 413, "RequestTooLargeException",
                    "Request must be smaller than " + LambdaErrors.MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation");
            return;
        }
        Recorded recorded = run(function, payload);
        LocalFunction.Result result = recorded.result();
        String requestId = recorded.invocation().requestId();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", function.version());
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (result.functionError() != null) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
        }
        if ("Tail".equals(exchange.getRequestHeaders().getFirst("X-Amz-Log-Type"))) {
            exchange.getResponseHeaders().set("X-Amz-Log-Result", tail(result.logLines()));
        }
        send(exchange, 200, result.body());
    }

    private record Recorded(Invocation invocation, LocalFunction.Result result) {}

    /**
     * Invokes function {@code functionName} (a name or ARN) with {@code payload} as the Invoke API
     * does, without HTTP: for callers in this JVM, which hold the endpoint anyway. Recorded as any
     * invocation.
     */
    public Invocation invoke(String functionName, String payload) {
        Function function = resolve(functionName);
        if (function == null) {
            throw new IllegalArgumentException("Function not found: " + functionName);
        }
        return run(function, payload.getBytes(StandardCharsets.UTF_8)).invocation();
    }

    private Recorded run(Function function, byte[] payload) {
        String requestId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        LocalFunction.Result result = function.code().invoke(requestId, function.arn(), payload);
        Invocation invocation = new Invocation(
                function.name(), requestId, new String(payload, StandardCharsets.UTF_8),
                new String(result.body(), StandardCharsets.UTF_8), result.functionError(), result.logLines(), started,
                Duration.between(started, Instant.now()), result.consoleLines());
        invocations.add(invocation);
        return new Recorded(invocation, result);
    }

    private Function resolve(String functionName) {
        Matcher arn = ARN.matcher(functionName);
        Matcher partial = PARTIAL_ARN.matcher(functionName);
        Matcher plain = NAME.matcher(functionName);
        String name;
        String qualifier;
        if (arn.matches()) {
            if (!arn.group(1).equals(region) || !arn.group(2).equals(accountId)) {
                return null;
            }
            name = arn.group(3);
            qualifier = arn.group(4);
        } else if (partial.matches()) {
            if (!partial.group(1).equals(accountId)) {
                return null;
            }
            name = partial.group(2);
            qualifier = partial.group(3);
        } else if (plain.matches()) {
            name = plain.group(1);
            qualifier = plain.group(2);
        } else {
            return null;
        }
        return functions.get(key(name, unqualifiedIfLatest(qualifier)));
    }

    private static String key(String name, String qualifier) {
        return qualifier == null ? name : name + ":" + qualifier;
    }

    private void integration(HttpExchange exchange, String service, String action, byte[] body) throws IOException {
        AwsSdkIntegration integration = integrations.get(service + ":" + action);
        String executionArn = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("X-Local-Execution-Arn"), "");
        if (integration == null) {
            sendTaskFailure(
                    exchange, "States.Runtime",
                    "arn:aws:states:::aws-sdk:" + service + ":" + action + " is not served by the local endpoint");
            return;
        }
        JsonNode parameters;
        try {
            parameters = Json.STRICT.readTree(body);
        } catch (IOException e) {
            sendTaskFailure(exchange, "States.Runtime", "the task parameters are not JSON: " + e.getMessage());
            return;
        }
        try {
            JsonNode result = integration.invoke(parameters, executionArn);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            send(exchange, 200, Json.MAPPER.writeValueAsBytes(result));
        } catch (AwsSdkIntegration.TaskFailedException e) {
            sendTaskFailure(exchange, e.error(), e.getMessage());
        }
    }

    private static void sendTaskFailure(HttpExchange exchange, String error, String cause) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("Error", error);
        body.put("Cause", cause);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 400, Json.MAPPER.writeValueAsBytes(body));
    }

    /** A Lambda service error, as the Lambda API answers it. */
    private static void sendError(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("Type", status >= 500 ? "Service" : "User");
        body.put("Message", message);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(exchange, status, Json.MAPPER.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String tail(List<String> lines) {
        byte[] all = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        int from = Math.max(0, all.length - 4096);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(all, from, all.length));
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof ExecutorService executor) {
            executor.shutdownNow();
        }
        functions.values().forEach(function -> function.code().close());
        functions.clear();
    }
}
