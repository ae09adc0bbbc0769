package dev.recordmetric.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest Lambda Runtime API that AWS's runtime interface client needs, on loopback, for one
 * execution environment: {@code GET /2018-06-01/runtime/invocation/next} hands out the queued
 * events (and blocks while there are none), {@code POST …/invocation/{id}/response} and
 * {@code …/error} and {@code /runtime/init/error} are recorded. Paths, headers and status codes as
 * in the Lambda Developer Guide, "Using the Lambda runtime API for custom runtimes"
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html). Hand-written because it is the
 * benchmark's instrument: it notes the time of the first {@code /next} (the end of the init phase,
 * as Lambda measures it) and can run a hook there (moving the process into a CPU quota).
 */
final class RuntimeApiServer implements AutoCloseable {

    static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:probe";

    /** What the runtime posted for an invocation, or for its init, and when it arrived. */
    record Answer(long atNanos, String kind, String body) {
        boolean ok() {
            return kind.equals("response");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<byte[]> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final Runnable onFirstNext;
    private volatile boolean closed;

    /** {@code onFirstNext} runs when the runtime first asks for an event, before it gets one. */
    RuntimeApiServer(Runnable onFirstNext) {
        this.onFirstNext = onFirstNext;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(task -> {
            var thread = new Thread(task, "runtime-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/2018-06-01/runtime/", this::handle);
        server.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: host and port. */
    String address() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    void enqueue(String event) {
        events.add(event.getBytes(StandardCharsets.UTF_8));
    }

    /** System.nanoTime() of the first {@code /next}: the runtime has finished its init. */
    long awaitFirstNext(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return firstNext.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    Answer awaitAnswer(Duration timeout) throws InterruptedException, TimeoutException {
        Answer answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (answer == null) {
            throw new TimeoutException("no answer from the runtime within " + timeout);
        }
        return answer;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestMethod().equals("GET") && path.equals("/2018-06-01/runtime/invocation/next")) {
                next(exchange);
            } else if (exchange.getRequestMethod().equals("POST") && (path.endsWith("/response") || path.endsWith("/error"))) {
                long at = System.nanoTime();
                String kind = path.endsWith("/init/error") ? "init error" : path.endsWith("/response") ? "response" : "error";
                answers.add(new Answer(at, kind, new String(body, StandardCharsets.UTF_8)));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (!firstNext.isDone()) {
            long at = System.nanoTime();
            onFirstNext.run();
            firstNext.complete(at);
        }
        byte[] event = null;
        while (event == null && !closed) {
            try {
                event = events.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (event == null) {
            return; // closing: the runtime is being stopped
        }
        String id = String.format("00000000-0000-0000-0000-%012d", requestIds.incrementAndGet());
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", id);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        exchange.sendResponseHeaders(200, event.length);
        exchange.getResponseBody().write(event);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
