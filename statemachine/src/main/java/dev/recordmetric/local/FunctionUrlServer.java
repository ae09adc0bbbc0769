package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.recordmetric.common.Json;
import dev.recordmetric.common.JsonStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Lambda function URL (auth type {@code NONE}) on loopback: each HTTP request becomes a payload
 * format 2.0 event, the function registered on a {@link LambdaInvokeEndpoint} is invoked with it
 * (in this JVM or under the runtime client, as the endpoint runs it), and its answer becomes the
 * HTTP response, as AWS Lambda Developer Guide, "Invoking Lambda function URLs" (request and
 * response payloads) describes:
 *
 * <ul>
 *   <li>request: {@code version} 2.0, {@code rawPath}, {@code rawQueryString}, {@code cookies},
 *       {@code headers} with lower-cased names (repeated ones joined with commas), {@code
 *       queryStringParameters}, {@code requestContext} ({@code http.method}, {@code http.path},
 *       {@code http.sourceIp}...), {@code body} and {@code isBase64Encoded} (true unless the body is
 *       text: {@code text/*}, JSON, XML, JavaScript or a URL-encoded form);
 *   <li>response: an object with {@code statusCode} gives the status, {@code headers},
 *       {@code cookies} ({@code Set-Cookie}) and {@code body} (base64-decoded when
 *       {@code isBase64Encoded}); any other JSON answer is a 200 {@code application/json} with it as
 *       the body; a function error is a 502.
 * </ul>
 *
 * Requests above Lambda's 6 MB invocation payload are answered 413 without invoking. One virtual
 * thread per request, so concurrent requests invoke concurrently. Thread-safe.
 */
public final class FunctionUrlServer implements AutoCloseable {

    /** Lambda's synchronous invocation payload limit, which bounds a function URL's request. */
    static final int MAX_REQUEST_BYTES = 6 * 1024 * 1024;
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final LambdaInvokeEndpoint endpoint;
    private final String functionName;
    private final String urlId;

    private FunctionUrlServer(HttpServer server, ExecutorService executor, LambdaInvokeEndpoint endpoint, String functionName) {
        this.server = server;
        this.executor = executor;
        this.endpoint = endpoint;
        this.functionName = functionName;
        this.urlId = UUID.randomUUID().toString().replace("-", "");
    }

    /** Serves function {@code functionName} of {@code endpoint} on 127.0.0.1 and a free port. */
    public static FunctionUrlServer start(LambdaInvokeEndpoint endpoint, String functionName) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        FunctionUrlServer url = new FunctionUrlServer(server, executor, endpoint, functionName);
        server.setExecutor(executor);
        server.createContext("/", url::serve);
        server.start();
        return url;
    }

    /** {@code http://127.0.0.1:PORT/}: where to send the requests (GitHub's webhook URL locally). */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            }
            if (body.length > MAX_REQUEST_BYTES) {
                send(exchange, 413, "text/plain", "Request Entity Too Large".getBytes(StandardCharsets.UTF_8));
                return;
            }
            LambdaInvokeEndpoint.Invocation invocation = endpoint.invoke(functionName, JsonStreams.writeString(event(exchange, body)));
            if (invocation.functionError() != null) {
                send(exchange, 502, "application/json", "{\"Message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            respond(exchange, invocation.response());
        } catch (RuntimeException e) {
            send(exchange, 502, "application/json", "{\"Message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The payload format 2.0 event of one HTTP request. */
    ObjectNode event(HttpExchange exchange, byte[] body) {
        URI requestUri = exchange.getRequestURI();
        String rawQuery = requestUri.getRawQuery() == null ? "" : requestUri.getRawQuery();
        Instant now = Instant.now();
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", requestUri.getRawPath());
        event.put("rawQueryString", rawQuery);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                var cookies = event.putArray("cookies");
                header.getValue().forEach(line -> List.of(line.split(";")).forEach(c -> cookies.add(c.strip())));
                continue;
            }
            headers.merge(name, String.join(",", header.getValue()), (a, b) -> a + "," + b);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        String contentType = headers.getOrDefault("content-type", "");
        if (!rawQuery.isEmpty()) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.put(name, parameters.has(name) ? parameters.get(name).asText() + "," + value : value);
            }
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "anonymous");
        context.put("apiId", urlId);
        context.put("domainName", urlId + ".lambda-url." + endpoint.region() + ".on.aws");
        context.put("domainPrefix", urlId);
        context.putObject("http")
                .put("method", exchange.getRequestMethod())
                .put("path", requestUri.getRawPath())
                .put("protocol", exchange.getProtocol())
                .put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress())
                .put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", CLF_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        boolean text = isText(contentType);
        if (body.length > 0) {
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        }
        event.put("isBase64Encoded", body.length > 0 && !text);
        return event;
    }

    private static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        return type.startsWith("text/") || type.endsWith("/json") || type.endsWith("+json") || type.endsWith("/xml")
                || type.endsWith("+xml") || type.equals("application/javascript") || type.equals("application/x-www-form-urlencoded");
    }

    private static void respond(HttpExchange exchange, String response) throws IOException {
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(response);
        } catch (IOException notJson) {
            send(exchange, 502, "application/json", "{\"Message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (answer == null || !answer.isObject() || !answer.has("statusCode")) {
            send(exchange, 200, "application/json", response.getBytes(StandardCharsets.UTF_8));
            return;
        }
        answer.path("headers").properties().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue().asText()));
        answer.path("cookies").forEach(c -> exchange.getResponseHeaders().add("Set-Cookie", c.asText()));
        JsonNode body = answer.get("body");
        byte[] bytes = body == null || body.isNull() ? new byte[0]
                : answer.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body.asText())
                : body.asText().getBytes(StandardCharsets.UTF_8);
        send(exchange, answer.path("statusCode").asInt(200), null, bytes);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
