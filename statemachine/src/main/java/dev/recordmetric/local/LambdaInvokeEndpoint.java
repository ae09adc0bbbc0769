package dev.recordmetric.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.recordmetric.fakes.RecordingLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server speaking the Lambda Invoke API ({@code POST
 * /2015-03-31/functions/{FunctionName}/invocations}) for registered {@link RequestStreamHandler}
 * instances, run in this JVM with a realistic {@link Context}. A handler's exception is answered
 * as the Java Lambda runtime answers it: HTTP 200, {@code X-Amz-Function-Error: Unhandled}, body
 * {@code {"errorMessage": ..., "errorType": <class name>, "stackTrace": [...]}}; a handler running
 * past its timeout as {@code Sandbox.Timedout}.
 *
 * <p>It also serves the engine's {@code aws-sdk:*} tasks at {@code POST
 * /local/aws-sdk/{service}/{action}} through registered {@link AwsSdkIntegration}s.
 *
 * <p>Every invocation is recorded, with the log lines the handler wrote through {@link
 * Context#getLogger()}. Thread-safe.
 */
public final class LambdaInvokeEndpoint implements AutoCloseable {

    /** Lambda's synchronous invocation payload limit. */
    static final int MAX_PAYLOAD_BYTES = 6_291_556;

    private static final Pattern INVOKE_PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");
    private static final Pattern SDK_PATH = Pattern.compile("^/local/aws-sdk/([a-z0-9]+)/([A-Za-z0-9]+)$");
    private static final Pattern ARN =
            Pattern.compile("^arn:[a-z-]+:lambda:([a-z0-9-]+):(\\d{12}):function:([A-Za-z0-9_-]+)(?::([^:]+))?$");
    private static final Pattern PARTIAL_ARN = Pattern.compile("^(\\d{12}):function:([A-Za-z0-9_-]+)(?::([^:]+))?$");
    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9_-]+)(?::([^:]+))?$");

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final String region;
    private final String accountId;
    private final Map<String, Function> functions = new ConcurrentHashMap<>();
    private final Map<String, AwsSdkIntegration> integrations = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

    /** How a function is configured, as in its Lambda configuration. */
    public record FunctionSettings(int memoryMb, Duration timeout) {
        public static final FunctionSettings DEFAULT = new FunctionSettings(256, Duration.ofSeconds(30));
    }

    /**
     * One invocation, as the endpoint saw it.
     *
     * @param functionError null on success, else the errorType reported (also for timeouts)
     * @param logLines what the handler wrote through its LambdaLogger
     */
    public record Invocation(
            String functionName,
            String requestId,
            String payload,
            String response,
            String functionError,
            List<String> logLines,
            Instant startedAt,
            Duration duration) {}

    private record Function(String name, String arn, RequestStreamHandler handler, FunctionSettings settings, String logStream) {}

    private LambdaInvokeEndpoint(HttpServer server, String region, String accountId) {
        this.server = server;
        this.region = region;
        this.accountId = accountId;
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

    /** Registers {@code handler} as function {@code name}; returns its ARN. Replaces an earlier one. */
    public String register(String name, RequestStreamHandler handler, FunctionSettings settings) {
        if (!NAME.matcher(name).matches() || name.contains(":")) {
            throw new IllegalArgumentException("not a Lambda function name: " + name);
        }
        String arn = functionArn(name);
        String logStream =
                LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                        + "/[$LATEST]"
                        + HexFormat.of().formatHex(randomBytes(16));
        functions.put(name, new Function(name, arn, Objects.requireNonNull(handler), settings, logStream));
        return arn;
    }

    /** The ARN a function {@code name} has here. */
    public String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
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

    /** Every log line every handler wrote. */
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
            if (!exchange.getRequestMethod().equals("POST")) {
                sendError(exchange, 405, "MethodNotAllowedException", "only POST is served");
                return;
            }
            Matcher invoke = INVOKE_PATH.matcher(path);
            if (invoke.matches()) {
                invoke(exchange, invoke.group(1));
                return;
            }
            Matcher sdk = SDK_PATH.matcher(path);
            if (sdk.matches()) {
                integration(exchange, sdk.group(1), sdk.group(2));
                return;
            }
            sendError(exchange, 404, "UnknownOperationException", "no such operation: " + path);
        } catch (RuntimeException e) {
            sendError(exchange, 500, "ServiceException", "the local endpoint failed: " + e);
        }
    }

    private void invoke(HttpExchange exchange, String functionName) throws IOException {
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
        byte[] payload = exchange.getRequestBody().readAllBytes();
        if (payload.length > MAX_PAYLOAD_BYTES) {
            sendError(
                    exchange, 413, "RequestTooLargeException",
                    "Request must be smaller than " + MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation");
            return;
        }
        String requestId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        var context = new RecordingLambdaContext(function.name(), function.arn(), function.logStream(), requestId,
                function.settings().memoryMb(), function.settings().timeout());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Future<?> run =
                handlers.submit(
                        () -> {
                            function.handler().handleRequest(new ByteArrayInputStream(payload), out, context);
                            return null;
                        });
        byte[] response;
        String functionError = null;
        try {
            run.get(function.settings().timeout().toNanos(), TimeUnit.NANOSECONDS);
            response = out.toByteArray();
            if (response.length > MAX_PAYLOAD_BYTES) {
                functionError = "Function.ResponseSizeTooLarge";
                response = errorBody(
                        "Response payload size exceeded maximum allowed payload size (" + MAX_PAYLOAD_BYTES + " bytes).",
                        functionError, List.of());
            }
        } catch (ExecutionException e) {
            Throwable error = e.getCause();
            functionError = error.getClass().getName();
            response = errorBody(error.getMessage(), functionError, stackTrace(error));
        } catch (TimeoutException e) {
            run.cancel(true);
            functionError = "Sandbox.Timedout";
            response = errorBody(
                    "RequestId: " + requestId + " Error: Task timed out after "
                            + String.format(Locale.ROOT, "%.2f", function.settings().timeout().toMillis() / 1000.0) + " seconds",
                    functionError, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel(true);
            throw new IOException("interrupted", e);
        }
        invocations.add(
                new Invocation(
                        function.name(), requestId, new String(payload, StandardCharsets.UTF_8),
                        new String(response, StandardCharsets.UTF_8), functionError, context.logLines(), started,
                        Duration.between(started, Instant.now())));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (functionError != null) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
        }
        if ("Tail".equals(exchange.getRequestHeaders().getFirst("X-Amz-Log-Type"))) {
            exchange.getResponseHeaders().set("X-Amz-Log-Result", tail(context.logLines()));
        }
        send(exchange, 200, response);
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
        if (qualifier != null && !qualifier.equals("$LATEST")) {
            return null;
        }
        return functions.get(name);
    }

    private void integration(HttpExchange exchange, String service, String action) throws IOException {
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
            parameters = Json.MAPPER.readTree(exchange.getRequestBody());
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

    private static byte[] errorBody(String message, String type, List<String> stackTrace) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("errorMessage", message);
        body.put("errorType", type);
        ArrayNode trace = body.putArray("stackTrace");
        stackTrace.forEach(trace::add);
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frames as the Java runtime lists them: {@code class.method(File.java:line)}. */
    private static List<String> stackTrace(Throwable error) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : error.getStackTrace()) {
            String location = frame.getFileName() == null
                    ? "Unknown Source"
                    : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
            frames.add(frame.getClassName() + "." + frame.getMethodName() + "(" + location + ")");
        }
        return frames;
    }

    private static String tail(List<String> lines) {
        byte[] all = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        int from = Math.max(0, all.length - 4096);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(all, from, all.length));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        if (server.getExecutor() instanceof ExecutorService executor) {
            executor.shutdownNow();
        }
    }
}
