package dev.recordmetric.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The HTTP plumbing shared by the fakes: a JDK server on 127.0.0.1 and a dynamic port (plain http,
 * or https with a {@link LoopbackTls} identity), one virtual thread per request (so delays overlap
 * instead of queueing), request recording, a fixed latency and the in-flight high-water mark.
 */
final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Function<RecordedRequest, Reply> handler;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;

    private LoopbackServer(HttpServer server, ExecutorService executor, Function<RecordedRequest, Reply> handler) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
    }

    static LoopbackServer start(Function<RecordedRequest, Reply> handler) {
        return start(handler, null);
    }

    /** Over https with {@code tls}'s certificate when it is not null, plain http otherwise. */
    static LoopbackServer start(Function<RecordedRequest, Reply> handler, LoopbackTls tls) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            HttpServer server;
            if (tls == null) {
                server = HttpServer.create(address, 100);
            } else {
                HttpsServer https = HttpsServer.create(address, 100);
                SSLContext context = tls.serverContext();
                https.setHttpsConfigurator(new HttpsConfigurator(context));
                server = https;
            }
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            LoopbackServer loopback = new LoopbackServer(server, executor, handler);
            server.createContext("/", loopback::serve);
            server.setExecutor(executor);
            server.start();
            return loopback;
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
    }

    String baseUrl() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    void latency(Duration latency) {
        this.latency = latency;
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    void resetRecords() {
        requests.clear();
        maxInFlight.set(inFlight.get());
    }

    private void serve(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        // A request stops counting as in flight once its answer starts: the client may send its
        // next request as soon as it has read this one, before this thread has finished.
        boolean counted = true;
        try (exchange) {
            RecordedRequest request = read(exchange);
            requests.add(request);
            pause(latency);
            Reply reply;
            try {
                reply = handler.apply(request);
            } catch (RuntimeException e) {
                reply = Reply.json(500, "{\"message\":\"fake failed: " + e.getClass().getSimpleName() + "\"}");
            }
            inFlight.decrementAndGet();
            counted = false;
            if (reply.resetConnection()) {
                dropConnection(exchange);
                return;
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            boolean noBody = reply.body().length == 0 || reply.status() == 204 || reply.status() == 304;
            exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    write(out, reply.body(), reply.trickle());
                }
            }
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
        }
    }

    /** The body at once, or spread over {@code trickle} in pieces {@link Fault#TRICKLE_GAP} apart. */
    private static void write(OutputStream out, byte[] body, Duration trickle) throws IOException {
        if (trickle.isZero()) {
            out.write(body);
            return;
        }
        long pieces = Math.max(1, trickle.toMillis() / Fault.TRICKLE_GAP.toMillis());
        int piece = (int) Math.max(1, (body.length + pieces - 1) / pieces);
        for (int at = 0; at < body.length; at += piece) {
            pause(Fault.TRICKLE_GAP);
            out.write(body, at, Math.min(piece, body.length - at));
            out.flush();
        }
    }

    /**
     * Sends headers promising a body and the start of it, then closes the exchange: the JDK
     * server, finding the body short, closes the TCP connection, and the client fails reading
     * with an {@code IOException}.
     * (Dropping the connection before any byte makes the JDK HttpClient silently retry a GET on
     * a pooled connection, so the fault would go unseen.)
     */
    private static void dropConnection(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, 1024);
        OutputStream body = exchange.getResponseBody();
        body.write("{\"total_count\":".getBytes(StandardCharsets.UTF_8));
        body.flush();
        exchange.close();
    }

    private static RecordedRequest read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String query = exchange.getRequestURI().getRawQuery();
        return new RecordedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                query == null ? "" : query,
                Collections.unmodifiableMap(headers),
                body,
                Instant.now());
    }

    static void pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
