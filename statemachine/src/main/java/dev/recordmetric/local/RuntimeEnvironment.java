package dev.recordmetric.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import java.util.stream.Stream;

/**
 * One execution environment: a JVM running a function under AWS's runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}), started as Lambda's java21
 * runtime starts it, and the Lambda Runtime API (2018-06-01) it talks to, served on loopback for
 * this process only. The client calls what Lambda serves
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html, and the client's
 * {@code LambdaRuntimeApiClientImpl} and native {@code runtime.cpp}):
 * <ul>
 *   <li>{@code GET /runtime/invocation/next}: the first call ends the init; each answers one invocation
 *       (body = payload; {@code Lambda-Runtime-Aws-Request-Id}, {@code -Deadline-Ms},
 *       {@code -Invoked-Function-Arn}, {@code -Trace-Id});</li>
 *   <li>{@code POST /runtime/invocation/{id}/response} and {@code .../error} (202);</li>
 *   <li>{@code POST /runtime/init/error}: the handler's class or constructor failed; the client exits;</li>
 *   <li>with SnapStart, {@code GET /runtime/restore/next} after the checkpoint hooks (Lambda answers it
 *       once the snapshot is restored: here at once, there being no snapshot, or after the settings'
 *       {@code snapshotAge}, as a snapshot published that long before is) and
 *       {@code POST /runtime/restore/error} when an after-restore hook fails.</li>
 * </ul>
 * What the caller gets follows Lambda: the response; the posted error document with
 * {@code X-Amz-Function-Error: Unhandled}; for an init error the document the runtime posted to
 * {@code /init/error} (the Runtime API hands it back as the invocation's error response, see
 * {@code rapi/handler/initerror.go} in aws-lambda-runtime-interface-emulator); a process that
 * exits, {@code Runtime.ExitError}; a run past the timeout, {@code Sandbox.Timedout}, the process
 * stopped. After any of those three the environment is gone and the next invocation gets a new one.
 */
final class RuntimeEnvironment implements AutoCloseable {

    /** Lambda's limit for an on-demand init ("Lambda execution environment lifecycle", Init phase). */
    static final Duration INIT_LIMIT = Duration.ofSeconds(10);

    private static final String API = "/2018-06-01/runtime";
    private static final Pattern RESULT_PATH = Pattern.compile("^" + API + "/invocation/([^/]+)/(response|error)$");

    /** How the environment was started. */
    record Spec(
            String functionName,
            FunctionPackage code,
            LambdaInvokeEndpoint.FunctionSettings settings,
            String region,
            RuntimeClientFiles runtime,
            Map<String, String> credentialVariables) {}

    private sealed interface InitOutcome {}

    private record Ready() implements InitOutcome {}

    private record InitFailed(byte[] document) implements InitOutcome {}

    private record Exited(int status) implements InitOutcome {}

    private record Pending(String requestId, String arn, byte[] payload, long deadlineMillis, CompletableFuture<Posted> posted) {}

    private record Posted(byte[] body, boolean error) {}

    private final Spec spec;
    private final Path directory;
    private final HttpServer api;
    private final ExecutorService apiThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final ProcessOutput output;
    private final CompletableFuture<InitOutcome> init = new CompletableFuture<>();
    private final LinkedBlockingQueue<Pending> next = new LinkedBlockingQueue<>();
    private final String logStream;
    private final Process process;
    private volatile Pending current;
    /** Completed when the runtime asks for the next invocation (or exits): the last one is then over. */
    private volatile CompletableFuture<Void> idleAgain = new CompletableFuture<>();
    private volatile Instant restoreRequestedAt;
    private volatile boolean gone;
    private boolean closed;

    private RuntimeEnvironment(Spec spec) throws IOException {
        this.spec = spec;
        this.directory = Files.createTempDirectory("record-metric-" + spec.functionName() + "-");
        this.output = new ProcessOutput(directory.resolve("telemetry.log"), directory.resolve("console.log"));
        this.logStream = spec.settings().newLogStreamName();
        this.api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.setExecutor(apiThreads);
        api.createContext("/", this::serve);
        api.start();
        try {
            this.process = launch();
        } catch (IOException | RuntimeException e) {
            api.stop(0);
            apiThreads.shutdownNow();
            delete(directory);
            throw e;
        }
        process.onExit().thenAccept(exited -> {
            init.complete(new Exited(exited.exitValue()));
            idleAgain.complete(null);
            Pending running = current;
            if (running != null) {
                running.posted().complete(null);
            }
        });
    }

    /** Starts the process; its init runs meanwhile, and the first {@link #invoke} waits for it. */
    static RuntimeEnvironment start(Spec spec) {
        try {
            return new RuntimeEnvironment(spec);
        } catch (IOException e) {
            throw new LocalEngineException("cannot start " + spec.functionName() + " under the Lambda runtime client", e);
        }
    }

    /** The JVM and the environment Lambda's java21 runtime gives a function. */
    private Process launch() throws IOException {
        Path taskRoot = taskRoot();
        List<String> command = new ArrayList<>();
        // The runtime client logs to the file descriptor named by _LAMBDA_TELEMETRY_LOG_FD, which
        // Lambda opens as fd 3 (aws-lambda-runtime-interface-emulator, supervisor/local/process.go);
        // a shell opens it here, ProcessBuilder passing only 0-2. The shell also leaves SIGINT
        // ignored, which the JVM then keeps: Ctrl-C reaches the whole process group, and the
        // harness, not the terminal, decides when a function stops.
        command.addAll(List.of("/bin/sh", "-c", "trap '' INT; exec \"$@\" 3>>\"$0\"",
                directory.resolve("telemetry.log").toString()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Lambda's java17/java21 defaults: tiered compilation stopped at C1 and the serial collector
        // (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html); and what the
        // managed runtime's command line adds for the client (as seen in a java17 function's
        // process list: the CRaC hooks routed to the client's context, the open java.io for the
        // telemetry fd, IPv4, fatal-error logs to stderr, the client's native library).
        command.addAll(List.of(
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-Djava.net.preferIPv4Stack=true",
                "-XX:+ErrorFileToStderr",
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
                        + spec.runtime().nativeLibrary(),
                "-cp", String.join(":", spec.runtime().classpath().stream().map(Path::toString).toList()),
                RuntimeClientFiles.MAIN_CLASS,
                spec.code().handler()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("console.log").toFile()));
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(spec.code().environment());
        env.putAll(reservedVariables(taskRoot));
        env.putAll(spec.credentialVariables());
        return builder.start();
    }

    /**
     * Lambda's reserved variables ("Defined runtime environment variables"), which override the
     * function's own, as Lambda does not let a function set them.
     */
    private Map<String, String> reservedVariables(Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("_HANDLER", spec.code().handler());
        env.put("AWS_REGION", spec.region());
        env.put("AWS_DEFAULT_REGION", spec.region());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.settings().memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", spec.settings().version());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", spec.code().snapStart() ? "snap-start" : "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
        env.put("AWS_LAMBDA_LOG_FORMAT", spec.code().logFormat().toUpperCase(Locale.ROOT));
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.getAddress().getPort());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", spec.runtime().classpath().getFirst().getParent().toString());
        env.put("_LAMBDA_TELEMETRY_LOG_FD", "3");
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin");
        // Not Lambda's: keeps the SDK in the function from reading this machine's ~/.aws, which a
        // Lambda function does not have.
        env.put("AWS_CONFIG_FILE", directory.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", directory.resolve("no-aws-credentials").toString());
        return env;
    }

    /**
     * Lambda unpacks the package into the task root, whose classes and {@code lib/*.jar} the client
     * loads through its own class loader (a child of the one holding the client). A jar goes into
     * {@code lib/} here, which the client loads the same way; a directory is the task root itself.
     */
    private Path taskRoot() throws IOException {
        Path code = spec.code().code().toAbsolutePath();
        if (Files.isDirectory(code)) {
            return code;
        }
        Path lib = Files.createDirectories(directory.resolve("task/lib"));
        Path link = lib.resolve(code.getFileName().toString());
        try {
            Files.createSymbolicLink(link, code);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(code, link);
        }
        return directory.resolve("task");
    }

    /** Whether it may run another invocation. */
    boolean usable() {
        return !gone && process.isAlive();
    }

    /** When the runtime asked for the restore (SnapStart): its checkpoint hooks had run by then. */
    Instant restoreRequestedAt() {
        return restoreRequestedAt;
    }

    /** Runs one invocation; the result says what Lambda would answer. Not called concurrently. */
    LocalFunction.Result invoke(String requestId, String arn, byte[] payload) {
        Duration timeout = spec.settings().timeout();
        InitOutcome outcome = awaitInit(max(INIT_LIMIT, timeout));
        if (outcome == null) {
            stop();
            return result(LambdaErrors.timedOut(requestId, max(INIT_LIMIT, timeout)), "Sandbox.Timedout");
        }
        if (outcome instanceof InitFailed failed) {
            stop();
            return result(failed.document(), LambdaErrors.errorType(failed.document(), "Runtime.Unknown"));
        }
        if (outcome instanceof Exited exited) {
            stop();
            return result(LambdaErrors.exited(requestId, exited.status()), "Runtime.ExitError");
        }
        Pending pending = new Pending(requestId, arn, payload, System.currentTimeMillis() + timeout.toMillis(),
                new CompletableFuture<>());
        idleAgain = new CompletableFuture<>();
        current = pending;
        next.add(pending);
        if (!process.isAlive()) {
            pending.posted().complete(null); // it died while idle, before the exit watcher could see this invocation
        }
        Posted posted;
        try {
            posted = pending.posted().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stop();
            return result(LambdaErrors.timedOut(requestId, timeout), "Sandbox.Timedout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new LocalEngineException("interrupted while " + spec.functionName() + " ran", e);
        } catch (ExecutionException e) {
            throw new LocalEngineException(spec.functionName() + "'s runtime API failed", e.getCause());
        } finally {
            current = null;
        }
        if (posted == null) {
            stop();
            return result(LambdaErrors.exited(requestId, process.exitValue()), "Runtime.ExitError");
        }
        awaitIdle();
        if (posted.body().length > LambdaErrors.MAX_PAYLOAD_BYTES) {
            return result(LambdaErrors.responseTooLarge(), "Function.ResponseSizeTooLarge");
        }
        return posted.error()
                ? result(posted.body(), LambdaErrors.errorType(posted.body(), "Runtime.Unknown"))
                : result(posted.body(), null);
    }

    /**
     * Waits (at most 10 s) until the runtime asks for the next invocation: Lambda ends an invocation, and
     * its log, there, and the Java client logs an uncaught exception after posting it.
     */
    private void awaitIdle() {
        try {
            idleAgain.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the log so far is what there is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private InitOutcome awaitInit(Duration limit) {
        try {
            return init.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalEngineException("interrupted while " + spec.functionName() + " started", e);
        } catch (ExecutionException e) {
            throw new LocalEngineException(spec.functionName() + " did not start", e.getCause());
        }
    }

    /** The answer, with what was logged since the last one (the first also gets the init's log). */
    private LocalFunction.Result result(byte[] body, String functionError) {
        if (gone) {
            waitForExit();
        }
        return new LocalFunction.Result(body, functionError, output.logMessages(), output.consoleLines());
    }

    /** Holds the calling Runtime API thread; a close interrupts it. */
    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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
                posted(exchange, result.group(1), new Posted(body, result.group(2).equals("error")));
            } else if (method.equals("POST") && path.equals(API + "/init/error")) {
                boolean first = init.complete(new InitFailed(body));
                reply(exchange, first ? 202 : 403, first ? status("OK") : error("InvalidStateTransition",
                        "State transition from Ready to InitError failed for runtime"));
            } else if (method.equals("GET") && path.equals(API + "/restore/next")) {
                restoreRequestedAt = Instant.now();
                sleep(spec.settings().snapshotAge());
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
        // The last invocation is over first: once the init completes, invoke() may already be
        // waiting on a new idleAgain for the one to come.
        idleAgain.complete(null);
        init.complete(new Ready());
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
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineMillis()));
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

    /** Ends the process (as Lambda resets an environment after a timeout or a crash). */
    private void stop() {
        gone = true;
        process.destroyForcibly();
    }

    private void waitForExit() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        gone = true;
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        api.stop(0);
        apiThreads.shutdownNow();
        delete(directory);
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
