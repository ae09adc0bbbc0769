package dev.recordmetric.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (2018-06-01) of one execution environment, served on loopback: what AWS's
 * runtime interface client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda})
 * calls (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html, and the client's
 * {@code LambdaRuntimeApiClientImpl} and native {@code runtime.cpp}):
 * <ul>
 *   <li>{@code GET /runtime/invocation/next}: the first call ends the init; each answers one invocation
 *       (body = payload; {@code Lambda-Runtime-Aws-Request-Id}, {@code -Deadline-Ms},
 *       {@code -Invoked-Function-Arn}, {@code -Trace-Id});</li>
 *   <li>{@code POST /runtime/invocation/{id}/response} and {@code .../error} (202);</li>
 *   <li>{@code POST /runtime/init/error}: the handler's class or constructor failed; the client exits;</li>
 *   <li>with SnapStart, {@code GET /runtime/restore/next} after the checkpoint hooks (Lambda answers it
 *       once the snapshot is restored: here at once, there being no snapshot, or after
 *       {@code snapshotAge}, as a snapshot published that long before is) and
 *       {@code POST /runtime/restore/error} when an after-restore hook fails.</li>
 * </ul>
 * Served for the local harness's {@link RuntimeEnvironment} and for the benchmark's cold starts,
 * which read the times at which the init ended and the answer arrived. Thread-safe; one invocation
 * at a time, as in an execution environment.
 */
public final class RuntimeApi implements AutoCloseable {

    private static final String API = "/2018-06-01/runtime";
    private static final Pattern RESULT_PATH = Pattern.compile("^" + API + "/invocation/([^/]+)/(response|error)$");

    /** How the init ended. */
    public sealed interface InitOutcome {}

    /** The runtime asked for its first invocation at {@code atNanos} ({@link System#nanoTime()}): Lambda's init phase ends there. */
    public record Ready(long atNanos) implements InitOutcome {}

    /** The runtime posted {@code document} to {@code /init/error} or {@code /restore/error}. */
    public record InitFailed(byte[] document) implements InitOutcome {}

    /** The process ended with {@code status} before its init did ({@link #processExited}). */
    public record Exited(int status) implements InitOutcome {}

    /** What the runtime posted for an invocation ({@code error}: to {@code .../error}), and when ({@link System#nanoTime()}). */
    public record Posted(byte[] body, boolean error, long atNanos) {}

    private record Pending(String requestId, String arn, byte[] payload, Duration timeout, CompletableFuture<Posted> posted) {}

    private final HttpServer server;
    private final ExecutorService threads;
    private final Runnable onFirstNext;
    private final CompletableFuture<InitOutcome> init = new CompletableFuture<>();
    private final LinkedBlockingQueue<Pending> next = new LinkedBlockingQueue<>();
    private volatile Pending current;
    /** Completed when the runtime asks for the next invocation (or exits): the last one is then over. */
    private volatile CompletableFuture<Void> idleAgain = new CompletableFuture<>();
    private final Duration snapshotAge;
    private volatile Instant restoreRequestedAt;

    public RuntimeApi() throws IOException {
        this(() -> { }, Duration.ZERO);
    }

    /**
     * @param onFirstNext runs when the runtime first asks for an invocation, before the init counts as ended
     * @param snapshotAge with SnapStart, how long after the runtime's restore request it is answered (the
     *     snapshot's age at its restore: Lambda takes it when the version is published)
     */
    public RuntimeApi(Runnable onFirstNext, Duration snapshotAge) throws IOException {
        this.onFirstNext = onFirstNext;
        this.snapshotAge = snapshotAge;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes with how the init ended; never exceptionally. */
    public CompletableFuture<InitOutcome> init() {
        return init;
    }

    /** When the runtime asked for the restore (SnapStart): its checkpoint hooks had run by then; null before. */
    public Instant restoreRequestedAt() {
        return restoreRequestedAt;
    }

    /**
     * Queues an invocation, handed to the runtime at its next {@code /next} with a deadline of
     * {@code timeout} from then. Completes with what the runtime posted, or with null when the
     * process ended first ({@link #processExited}); never exceptionally.
     */
    public CompletableFuture<Posted> invoke(String requestId, String arn, byte[] payload, Duration timeout) {
        Pending pending = new Pending(requestId, arn, payload, timeout, new CompletableFuture<>());
        idleAgain = new CompletableFuture<>();
        current = pending;
        // Once answered, the request id is no longer the current one: a second post is an invalid request id.
        pending.posted().whenComplete((posted, error) -> {
            if (current == pending) {
                current = null;
            }
        });
        next.add(pending);
        return pending.posted();
    }

    /** The runtime's process ended: the init, if it was still running, ends as {@link Exited}, and so does the invocation. */
    public void processExited(int status) {
        init.complete(new Exited(status));
        idleAgain.complete(null);
        Pending running = current;
        if (running != null) {
            running.posted().complete(null);
        }
    }

    /**
     * Waits (at most {@code limit}) until the runtime asks for the next invocation: Lambda ends an
     * invocation, and its log, there, and the Java client logs an uncaught exception after posting it.
     */
    public void awaitIdle(Duration limit) {
        try {
            idleAgain.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the log so far is what there is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals(API + "/invocation/next")) {
                next(exchange);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher result = RESULT_PATH.matcher(path);
            if (method.equals("POST") && result.matches()) {
                posted(exchange, result.group(1), new Posted(body, result.group(2).equals("error"), System.nanoTime()));
            } else if (method.equals("POST") && path.equals(API + "/init/error")) {
                boolean first = init.complete(new InitFailed(body));
                reply(exchange, first ? 202 : 403, first ? status("OK") : error("InvalidStateTransition",
                        "State transition from Ready to InitError failed for runtime"));
            } else if (method.equals("GET") && path.equals(API + "/restore/next")) {
                restoreRequestedAt = Instant.now();
                sleep(snapshotAge);
                reply(exchange, 200, new byte[0]);
            } else if (method.equals("POST") && path.equals(API + "/restore/error")) {
                init.complete(new InitFailed(body));
                reply(exchange, 202, status("OK"));
            } else {
                reply(exchange, 404, error("InvalidRequest", "no such Runtime API resource: " + method + " " + path));
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, error("ServiceException", "the local Runtime API failed: " + e));
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        long askedAt = System.nanoTime();
        // The last invocation is over first: once the init completes, a caller may already be
        // waiting on a new idleAgain for the one to come.
        idleAgain.complete(null);
        if (!init.isDone()) {
            onFirstNext.run();
            init.complete(new Ready(askedAt));
        }
        Pending pending;
        try {
            pending = this.next.take();
        } catch (InterruptedException e) {
            // closing: the process is being stopped
            Thread.currentThread().interrupt();
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + pending.timeout().toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", pending.arn());
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + HexFormat.of().formatHex(randomBytes(12)) + ";Parent=" + HexFormat.of().formatHex(randomBytes(8)) + ";Sampled=0");
        reply(exchange, 200, pending.payload());
    }

    private void posted(HttpExchange exchange, String requestId, Posted posted) throws IOException {
        Pending running = current;
        if (running == null || !running.requestId().equals(requestId)) {
            reply(exchange, 400, error("InvalidRequestID", "Invalid request ID"));
            return;
        }
        if (!posted.error() && posted.body().length > LambdaErrors.MAX_PAYLOAD_BYTES) {
            running.posted().complete(posted);
            reply(exchange, 413, error("RequestEntityTooLarge",
                    "Exceeded maximum allowed payload size (" + LambdaErrors.MAX_PAYLOAD_BYTES + " bytes)."));
            return;
        }
        boolean first = running.posted().complete(posted);
        reply(exchange, first ? 202 : 403, first ? status("OK") : error("InvalidStateTransition",
                "State transition from InvocationResponse to InvocationResponse failed for runtime"));
    }

    private static byte[] status(String status) {
        return ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] error(String type, String message) {
        return LambdaErrors.document(message, type, null);
    }

    /** Holds the calling Runtime API thread; a close interrupts it. */
    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
