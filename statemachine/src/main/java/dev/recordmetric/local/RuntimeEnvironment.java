package dev.recordmetric.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One execution environment: a JVM running a function under AWS's runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}), started as Lambda's java21
 * runtime starts it, and the {@link RuntimeApi} it talks to, served on loopback for this process only.
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

    /** How the environment was started. */
    record Spec(
            String functionName,
            FunctionPackage code,
            LambdaInvokeEndpoint.FunctionSettings settings,
            String region,
            RuntimeClientFiles runtime,
            Map<String, String> credentialVariables) {}

    private final Spec spec;
    private final Path directory;
    private final RuntimeApi api;
    private final ProcessOutput output;
    private final String logStream;
    private final Process process;
    private volatile boolean gone;
    private boolean closed;

    private RuntimeEnvironment(Spec spec) throws IOException {
        this.spec = spec;
        this.directory = Files.createTempDirectory("record-metric-" + spec.functionName() + "-");
        this.output = new ProcessOutput(directory.resolve("telemetry.log"), directory.resolve("console.log"));
        this.logStream = spec.settings().newLogStreamName();
        this.api = new RuntimeApi(() -> { }, spec.settings().snapshotAge());
        try {
            this.process = launch();
        } catch (IOException | RuntimeException e) {
            api.close();
            delete(directory);
            throw e;
        }
        process.onExit().thenAccept(exited -> api.processExited(exited.exitValue()));
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
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
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
        return api.restoreRequestedAt();
    }

    /** Runs one invocation; the result says what Lambda would answer. Not called concurrently. */
    LocalFunction.Result invoke(String requestId, String arn, byte[] payload) {
        Duration timeout = spec.settings().timeout();
        RuntimeApi.InitOutcome outcome = awaitInit(max(INIT_LIMIT, timeout));
        if (outcome == null) {
            stop();
            return result(LambdaErrors.timedOut(requestId, max(INIT_LIMIT, timeout)), "Sandbox.Timedout");
        }
        if (outcome instanceof RuntimeApi.InitFailed failed) {
            stop();
            return result(failed.document(), LambdaErrors.errorType(failed.document(), "Runtime.Unknown"));
        }
        if (outcome instanceof RuntimeApi.Exited exited) {
            stop();
            return result(LambdaErrors.exited(requestId, exited.status()), "Runtime.ExitError");
        }
        CompletableFuture<RuntimeApi.Posted> invocation = api.invoke(requestId, arn, payload, timeout);
        if (!process.isAlive()) {
            invocation.complete(null); // it died while idle, before the exit watcher could see this invocation
        }
        RuntimeApi.Posted posted;
        try {
            posted = invocation.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stop();
            return result(LambdaErrors.timedOut(requestId, timeout), "Sandbox.Timedout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new LocalEngineException("interrupted while " + spec.functionName() + " ran", e);
        } catch (ExecutionException e) {
            throw new LocalEngineException(spec.functionName() + "'s runtime API failed", e.getCause());
        }
        if (posted == null) {
            stop();
            return result(LambdaErrors.exited(requestId, process.exitValue()), "Runtime.ExitError");
        }
        api.awaitIdle(Duration.ofSeconds(10));
        if (posted.body().length > LambdaErrors.MAX_PAYLOAD_BYTES) {
            return result(LambdaErrors.responseTooLarge(), "Function.ResponseSizeTooLarge");
        }
        return posted.error()
                ? result(posted.body(), LambdaErrors.errorType(posted.body(), "Runtime.Unknown"))
                : result(posted.body(), null);
    }

    private RuntimeApi.InitOutcome awaitInit(Duration limit) {
        try {
            return api.init().get(limit.toNanos(), TimeUnit.NANOSECONDS);
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

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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
        api.close();
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
