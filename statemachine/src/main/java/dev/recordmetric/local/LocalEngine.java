package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.SignatureV4Check;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The local Step Functions engine: one long-lived Node process running {@code harness/engine.mjs}
 * (aws-local-stepfunctions), driven over JSON lines. Lambda tasks reach a {@link
 * LambdaInvokeEndpoint} through the engine's own AWS SDK client ({@code AWS_ENDPOINT_URL_LAMBDA});
 * {@code aws-sdk:*} tasks reach the same endpoint's service integrations.
 *
 * <p>Thread-safe: executions may run concurrently; each has its own id. Close it to stop Node.
 */
public final class LocalEngine implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final int STDERR_KEPT = 64 * 1024;

    private final Process process;
    private final OutputStream stdin;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> validations = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final StringBuilder stderr = new StringBuilder();
    private final AtomicLong ids = new AtomicLong();
    private final String region;
    private volatile JsonNode readyMessage;

    /**
     * How to start the engine.
     *
     * @param files where the harness is
     * @param lambdaEndpoint the Lambda Invoke endpoint the engine's Lambda client calls
     * @param region the engine's AWS region
     * @param node the Node.js executable
     * @param stderrListener receives each line Node writes to stderr (may be null)
     * @param lambdaCredentials what the engine signs its requests to the endpoint with (a
     *     {@link LambdaInvokeEndpoint} accepts only its own); null for made-up ones
     */
    public record Options(
            StateMachineFiles files,
            URI lambdaEndpoint,
            String region,
            String node,
            Consumer<String> stderrListener,
            AwsSessionCredentials lambdaCredentials) {

        public Options {
            Objects.requireNonNull(files, "files");
            Objects.requireNonNull(lambdaEndpoint, "lambdaEndpoint");
            Objects.requireNonNull(region, "region");
            node = node == null ? "node" : node;
            lambdaCredentials = lambdaCredentials == null ? SignatureV4Check.randomCredentials() : lambdaCredentials;
        }

        public Options(StateMachineFiles files, URI lambdaEndpoint, String region, String node, Consumer<String> stderrListener) {
            this(files, lambdaEndpoint, region, node, stderrListener, null);
        }

        /** The module found by {@link StateMachineFiles#locate()}, {@code node} from the PATH. */
        public static Options of(URI lambdaEndpoint, String region) {
            return new Options(StateMachineFiles.locate(), lambdaEndpoint, region, null, null, null);
        }

        /** Against {@code endpoint}, signing with its credentials, in its region. */
        public static Options of(LambdaInvokeEndpoint endpoint) {
            return new Options(StateMachineFiles.locate(), endpoint.uri(), endpoint.region(), null, null, endpoint.credentials());
        }
    }

    private LocalEngine(Process process, String region) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.region = region;
    }

    /** Starts Node and waits until the engine is loaded. */
    public static LocalEngine start(Options options) {
        ProcessBuilder builder =
                new ProcessBuilder(options.node(), options.files().engineScript().toString())
                        .directory(options.files().directory().toFile());
        Map<String, String> env = builder.environment();
        // Only the local endpoint and its per-run credentials: nothing reaches real AWS from Node.
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_REGION", options.region());
        env.put("AWS_ACCESS_KEY_ID", options.lambdaCredentials().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", options.lambdaCredentials().secretAccessKey());
        env.put("AWS_SESSION_TOKEN", options.lambdaCredentials().sessionToken());
        env.put("AWS_CONFIG_FILE", options.files().directory().resolve("harness/no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", options.files().directory().resolve("harness/no-aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true");
        env.put("AWS_ENDPOINT_URL_LAMBDA", trimSlash(options.lambdaEndpoint().toString()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LocalEngineException(
                    "cannot start Node.js (" + options.node() + "): install Node.js 20 or newer", e);
        }
        LocalEngine engine = new LocalEngine(process, options.region());
        engine.readAll(options.stderrListener());
        try {
            engine.readyMessage = engine.ready.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.close();
            throw new LocalEngineException("interrupted while starting the engine", e);
        } catch (ExecutionException | TimeoutException e) {
            engine.close();
            throw new LocalEngineException(
                    "the engine did not start (did the build run npm ci in statemachine/?): " + engine.stderr(), e);
        }
        return engine;
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** The engine's "ready" message: engine name and version, Node version. */
    public JsonNode info() {
        return readyMessage;
    }

    public String region() {
        return region;
    }

    /** What Node wrote to stderr lately (the last 64 KiB). */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /**
     * Starts an execution; {@code listener} (may be null) sees each event as it happens, on the
     * engine's reader thread.
     */
    public Execution start(ExecutionRequest request, Consumer<ExecutionEvent> listener) {
        String id = "x" + ids.incrementAndGet();
        Pending execution = new Pending(id, request.context().executionArn(), listener);
        pending.put(id, execution);
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("type", "start");
        message.put("id", id);
        message.put("definition", request.definition());
        message.set("input", request.input());
        message.set("context", request.context().toJson());
        message.set("overrides", request.overrides().toJson());
        send(message);
        return execution;
    }

    /** Runs an execution to its end. */
    public ExecutionResult run(ExecutionRequest request, Duration timeout) {
        Execution execution = start(request, null);
        return execution.await(timeout);
    }

    /**
     * asl-validator's verdict on a definition (rendered JSON text), ARNs and paths checked.
     *
     * @return the errors; empty when valid
     */
    public List<String> validate(String definition) {
        String id = "v" + ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        validations.put(id, answer);
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("type", "validate");
        message.put("id", id);
        message.put("definition", definition);
        send(message);
        JsonNode result = await(answer, Duration.ofSeconds(30), "validation");
        if (result.path("type").asText().equals("rejected")) {
            throw new LocalEngineException("validation request rejected: " + result.path("message").asText());
        }
        List<String> errors = new ArrayList<>();
        result.path("errors").forEach(e -> errors.add(e.asText()));
        if (!result.path("valid").asBoolean() && errors.isEmpty()) {
            errors.add("invalid (no detail)");
        }
        return errors;
    }

    private void send(JsonNode message) {
        byte[] line = (message.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (stdin) {
            try {
                stdin.write(line);
                stdin.flush();
            } catch (IOException e) {
                throw new LocalEngineException("the engine is not running: " + stderr(), e);
            }
        }
    }

    private void readAll(Consumer<String> stderrListener) {
        Thread out =
                new Thread(
                        () -> {
                            try (BufferedReader reader =
                                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = reader.readLine()) != null) {
                                    dispatch(line);
                                }
                            } catch (IOException | RuntimeException e) {
                                appendStderr("engine output unreadable: " + e);
                            }
                            engineGone();
                        },
                        "local-engine-stdout");
        out.setDaemon(true);
        out.start();
        Thread err =
                new Thread(
                        () -> {
                            try (BufferedReader reader =
                                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = reader.readLine()) != null) {
                                    appendStderr(line);
                                    if (stderrListener != null) {
                                        stderrListener.accept(line);
                                    }
                                }
                            } catch (IOException e) {
                                // the process is gone
                            }
                        },
                        "local-engine-stderr");
        err.setDaemon(true);
        err.start();
    }

    private void appendStderr(String line) {
        synchronized (stderr) {
            stderr.append(line).append('\n');
            if (stderr.length() > STDERR_KEPT) {
                stderr.delete(0, stderr.length() - STDERR_KEPT);
            }
        }
    }

    private void dispatch(String line) throws IOException {
        JsonNode message = Json.STRICT.readTree(line);
        String type = message.path("type").asText();
        String id = message.path("id").asText(null);
        switch (type) {
            case "ready" -> ready.complete(message);
            case "event" -> {
                Pending execution = id == null ? null : pending.get(id);
                if (execution != null) {
                    execution.onEvent(ExecutionEvent.fromJson(message.path("event")));
                }
            }
            case "result" -> {
                Pending execution = id == null ? null : pending.remove(id);
                if (execution != null) {
                    execution.onResult(message);
                }
            }
            case "validation" -> complete(validations.remove(id), message);
            case "rejected" -> {
                Pending execution = id == null ? null : pending.remove(id);
                if (execution != null) {
                    execution.result.completeExceptionally(
                            new LocalEngineException("the engine refused the execution: " + message.path("message").asText()));
                } else {
                    complete(validations.remove(id), message);
                }
            }
            default -> appendStderr("unexpected engine message: " + line);
        }
    }

    private static void complete(CompletableFuture<JsonNode> future, JsonNode message) {
        if (future != null) {
            future.complete(message);
        }
    }

    private void engineGone() {
        LocalEngineException gone = new LocalEngineException("the engine stopped: " + stderr());
        ready.completeExceptionally(gone);
        pending.values().forEach(p -> p.result.completeExceptionally(gone));
        pending.clear();
        validations.values().forEach(v -> v.completeExceptionally(gone));
        validations.clear();
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalEngineException("interrupted while waiting for the " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LocalEngineException engineException) {
                throw engineException;
            }
            throw new LocalEngineException(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new LocalEngineException("no " + what + " within " + timeout, e);
        }
    }

    /** Ends Node: lets running executions finish for a moment, then stops it. */
    @Override
    public void close() {
        try {
            synchronized (stdin) {
                stdin.close();
            }
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A running (or finished) execution. */
    public interface Execution {
        String executionArn();

        /** Completes with the result, or exceptionally with a {@link LocalEngineException}. */
        CompletableFuture<ExecutionResult> result();

        /** The events seen so far. */
        List<ExecutionEvent> events();

        /** Asks the engine to abort the execution. */
        void abort();

        /** Waits for the result. */
        default ExecutionResult await(Duration timeout) {
            return LocalEngine.await(result(), timeout, "end of execution " + executionArn());
        }
    }

    private final class Pending implements Execution {
        private final String id;
        private final String executionArn;
        private final Consumer<ExecutionEvent> listener;
        private final List<ExecutionEvent> events = new ArrayList<>();
        private final CompletableFuture<ExecutionResult> result = new CompletableFuture<>();

        Pending(String id, String executionArn, Consumer<ExecutionEvent> listener) {
            this.id = id;
            this.executionArn = executionArn;
            this.listener = listener;
        }

        void onEvent(ExecutionEvent event) {
            synchronized (events) {
                events.add(event);
            }
            if (listener != null) {
                listener.accept(event);
            }
        }

        void onResult(JsonNode message) {
            JsonNode cause = message.get("cause");
            String causeText = cause == null || cause.isNull() ? null : cause.isTextual() ? cause.asText() : cause.toString();
            JsonNode output = message.get("output");
            result.complete(
                    new ExecutionResult(
                            executionArn,
                            ExecutionStatus.valueOf(message.path("status").asText()),
                            output,
                            message.hasNonNull("error") ? message.get("error").asText() : null,
                            causeText,
                            events()));
        }

        @Override
        public String executionArn() {
            return executionArn;
        }

        @Override
        public CompletableFuture<ExecutionResult> result() {
            return result;
        }

        @Override
        public List<ExecutionEvent> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        @Override
        public void abort() {
            ObjectNode message = Json.MAPPER.createObjectNode();
            message.put("type", "abort");
            message.put("id", id);
            send(message);
        }
    }
}
