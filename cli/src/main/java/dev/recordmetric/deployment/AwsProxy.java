package dev.recordmetric.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one AWS endpoint of a local deployment, on a free loopback port: every AWS call (Terraform's
 * provider, moto's Step Functions interpreter, the deployed functions, the test) comes here.
 * Lambda Invoke ({@code POST /2015-03-31/functions/{name}/invocations}) runs the deployed function
 * ({@link Invoker}: {@link DeployedFunctions}); the few calls moto 5.2.1 cannot answer are answered
 * by the stand-ins ({@link StepFunctionsStandIn}, {@link LambdaStandIn}, {@link CloudWatchCborStandIn},
 * described in {@code e2e/README.md}); everything else is forwarded to moto unchanged. Every request is recorded
 * ({@link #calls()}), with who signed it. Thread-safe.
 */
public final class AwsProxy implements AutoCloseable {

    /** Answers a Lambda invocation as the Invoke API would. */
    public interface Invoker {
        Reply invoke(String functionName, String qualifier, byte[] payload);
    }

    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    private static final Pattern RPC_V2_OPERATION = Pattern.compile("^/service/[^/]+/operation/([^/]+)$");
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private static final Set<String> NOT_RETURNED = Set.of("content-length", "connection", "transfer-encoding", "date", "server",
            "keep-alive");
    private static final int RECORDED_PARAMETERS_LIMIT = 256 * 1024;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(threads)
            .build();
    private final StepFunctionsStandIn stepFunctions;
    private final LambdaStandIn lambda;
    private final CloudWatchCborStandIn cloudWatch = new CloudWatchCborStandIn();
    private final List<AwsCall> calls = new CopyOnWriteArrayList<>();
    private volatile URI moto;
    private volatile Invoker invoker;

    private AwsProxy(HttpServer server, StepFunctionsStandIn stepFunctions, LambdaStandIn lambda) {
        this.server = server;
        this.stepFunctions = stepFunctions;
        this.lambda = lambda;
    }

    /**
     * Binds a free loopback port now (moto's interpreter must be told it before moto starts); requests
     * are served once {@link #forwardTo} and {@link #invokeWith} are set.
     */
    public static AwsProxy start(StepFunctionsStandIn stepFunctions, LambdaStandIn lambda) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port", e);
        }
        AwsProxy proxy = new AwsProxy(server, stepFunctions, lambda);
        server.setExecutor(proxy.threads);
        server.createContext("/", proxy::handle);
        server.start();
        return proxy;
    }

    public void forwardTo(URI motoUri) {
        this.moto = Objects.requireNonNull(motoUri);
    }

    public void invokeWith(Invoker functions) {
        this.invoker = Objects.requireNonNull(functions);
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint for every AWS client of the deployment. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request so far, in the order they were answered. */
    public List<AwsCall> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Request request = Request.read(exchange);
            Reply reply;
            try {
                reply = route(request);
            } catch (RuntimeException e) {
                reply = Reply.json(500, "application/json", Json.MAPPER.createObjectNode()
                        .put("__type", "InternalFailure").put("message", "the local AWS proxy failed: " + e));
            }
            calls.add(record(request, reply.status()));
            send(exchange, request.method(), reply);
        } catch (IOException e) {
            // the client went away
        }
    }

    private Reply route(Request request) {
        Matcher invoke = INVOKE.matcher(request.path());
        if (request.method().equals("POST") && invoke.matches()) {
            Invoker functions = invoker;
            if (functions == null) {
                throw new IllegalStateException("no functions are served yet");
            }
            return functions.invoke(URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8),
                    request.queryParameter("Qualifier").orElse(null), request.body());
        }
        Optional<Reply> answered = cloudWatch.answer(request, this::forward).or(() -> stepFunctions.answer(request));
        if (answered.isPresent()) {
            return answered.get();
        }
        Request forwarded = stepFunctions.rewrite(request);
        lambda.beforeForwarding(forwarded);
        return lambda.afterForwarding(forwarded, forward(forwarded));
    }

    /** Sends {@code request} to moto as it came. */
    Reply forward(Request request) {
        URI target = moto;
        if (target == null) {
            throw new IllegalStateException("moto is not started yet");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target + request.rawPathAndQuery()))
                .timeout(Duration.ofMinutes(2))
                .method(request.method(), request.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("moto did not answer " + request.method() + " " + request.path(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto", e);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> {
            if (!NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name, List.copyOf(values));
            }
        });
        return new Reply(response.statusCode(), headers, response.body());
    }

    private static void send(HttpExchange exchange, String method, Reply reply) throws IOException {
        reply.headers().forEach((name, values) -> values.forEach(value -> exchange.getResponseHeaders().add(name, value)));
        boolean noBody = method.equals("HEAD") || reply.status() == 204 || reply.status() == 304 || reply.body().length == 0;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private static AwsCall record(Request request, int status) {
        Matcher credential = CREDENTIAL.matcher(request.header("Authorization").orElse(""));
        boolean signed = credential.find();
        return new AwsCall(Instant.now(), signed ? credential.group(1) : "", signed ? credential.group(3) : "",
                operation(request), parameters(request), status);
    }

    private static String operation(Request request) {
        Optional<String> target = request.header("X-Amz-Target");
        if (target.isPresent()) {
            return target.get().substring(target.get().lastIndexOf('.') + 1);
        }
        if (request.isForm()) {
            Optional<String> action = request.formParameter("Action");
            if (action.isPresent()) {
                return action.get();
            }
        }
        Matcher rpc = RPC_V2_OPERATION.matcher(request.path());
        if (rpc.matches()) {
            return rpc.group(1);
        }
        if (request.method().equals("POST") && INVOKE.matcher(request.path()).matches()) {
            return "Invoke";
        }
        return request.method() + " " + request.path();
    }

    private static JsonNode parameters(Request request) {
        if (request.body().length > RECORDED_PARAMETERS_LIMIT) {
            return null;
        }
        if (request.isForm()) {
            ObjectNode form = Json.MAPPER.createObjectNode();
            for (String pair : new String(request.body(), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return form;
        }
        return request.json().orElse(null);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        client.close();
    }

    /** A request as received: the path decoded only where the caller decodes it. */
    record Request(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

        private static final com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper CBOR =
                new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();

        static Request read(HttpExchange exchange) throws IOException {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            URI uri = exchange.getRequestURI();
            return new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers,
                    exchange.getRequestBody().readAllBytes());
        }

        String rawPathAndQuery() {
            return rawQuery == null ? path : path + "?" + rawQuery;
        }

        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        Optional<String> queryParameter(String name) {
            if (rawQuery == null) {
                return Optional.empty();
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }

        boolean isForm() {
            return header("Content-Type").orElse("").startsWith("application/x-www-form-urlencoded");
        }

        Optional<String> formParameter(String name) {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }

        /** The body as JSON, when it is JSON (or CBOR, read as the same values). */
        Optional<JsonNode> json() {
            String type = header("Content-Type").orElse("");
            if (body.length == 0 || !(type.contains("json") || type.contains("cbor"))) {
                return Optional.empty();
            }
            try {
                return Optional.of(type.contains("cbor") ? CBOR.readTree(body) : Json.MAPPER.readTree(body));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        Request withBody(byte[] newBody) {
            return new Request(method, path, rawQuery, headers, newBody);
        }
    }

    /** What the proxy answers. */
    public record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        static Reply json(int status, String contentType, JsonNode body) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.put("Content-Type", List.of(contentType));
            try {
                return new Reply(status, headers, Json.MAPPER.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Optional<JsonNode> json() {
            try {
                return body.length == 0 ? Optional.empty() : Optional.of(Json.MAPPER.readTree(body));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        Reply withBody(byte[] newBody) {
            return new Reply(status, headers, newBody);
        }
    }
}
