package dev.recordmetric.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real {@code terraform} binary, run by {@code e2e/harness/terraform.mjs} with the Terraform
 * module's own test helpers (its CLI configuration for the provider mirror, a staged copy of the
 * module, the environment every command gets): one Node process, JSON lines in and out, in a
 * session of its own so that Ctrl-C does not stop a {@code terraform destroy} under way. Closing it
 * removes the staged copies.
 */
public final class TerraformBridge implements AutoCloseable {

    /** A staged copy of the module: {@code dir} is its {@code examples/complete}. */
    public record Staged(Path dir, String terraformVersion, String mirror) {}

    /** What one terraform command did. */
    public record Result(List<String> args, int status, String stdout, String stderr) {
        public boolean succeeded() {
            return status == 0;
        }
    }

    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(10);

    private final Process process;
    private final OutputStream stdin;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final StringBuilder stderr = new StringBuilder();

    private TerraformBridge(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /** Starts {@code node script}. */
    public static TerraformBridge start(String node, Path script) {
        List<String> command = new ArrayList<>(Detached.prefix());
        command.addAll(List.of(node, script.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(script.getParent().toFile()).start();
        } catch (IOException e) {
            throw new LocalDeploymentException("cannot start Node.js (" + node + "): install Node.js 20 or newer", e);
        }
        TerraformBridge bridge = new TerraformBridge(process);
        bridge.readAll();
        return bridge;
    }

    private void readAll() {
        Thread out = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode message = Json.MAPPER.readTree(line);
                    CompletableFuture<JsonNode> answer = pending.remove(message.path("id").asLong(-1));
                    if (answer != null) {
                        answer.complete(message);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            IllegalStateException gone = new IllegalStateException("the terraform bridge exited: " + stderr());
            pending.values().forEach(answer -> answer.completeExceptionally(gone));
        }, "terraform-bridge-out");
        Thread err = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "terraform-bridge-err");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    private String stderr() {
        synchronized (stderr) {
            return stderr.toString().strip();
        }
    }

    /**
     * Stages {@code terraform/} as {@code name} with {@code packages} (file name under {@code packages/}
     * to the jar to put there) and the e2e files added to {@code examples/complete}.
     */
    public Staged stage(String name, Map<String, Path> packages) {
        ObjectNode request = Json.MAPPER.createObjectNode().put("op", "stage").put("name", name);
        ObjectNode files = request.putObject("packages");
        packages.forEach((file, path) -> files.put(file, path.toAbsolutePath().toString()));
        JsonNode answer = send(request);
        return new Staged(Path.of(answer.path("dir").asText()), answer.path("terraform").asText(),
                answer.path("mirror").isNull() ? null : answer.path("mirror").asText());
    }

    /** {@code terraform args...} in {@code dir}, whatever its exit status. */
    public Result run(Path dir, List<String> args) {
        ObjectNode request = Json.MAPPER.createObjectNode().put("op", "terraform").put("dir", dir.toString());
        args.forEach(request.putArray("args")::add);
        JsonNode answer = send(request);
        return new Result(List.copyOf(args), answer.path("status").asInt(-1), answer.path("stdout").asText(),
                answer.path("stderr").asText());
    }

    /** {@code terraform args...} in {@code dir}; fails with its output unless it exits 0. */
    public Result runOrFail(Path dir, List<String> args) {
        Result result = run(dir, args);
        if (!result.succeeded()) {
            throw new LocalDeploymentException("terraform " + String.join(" ", args) + " exited " + result.status() + ":\n"
                    + result.stdout().strip() + "\n" + result.stderr().strip());
        }
        return result;
    }

    private JsonNode send(ObjectNode request) {
        long id = ids.incrementAndGet();
        request.put("id", id);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (stdin) {
                stdin.write((request + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
            JsonNode message = answer.get(COMMAND_LIMIT.toMinutes(), TimeUnit.MINUTES);
            if (message.hasNonNull("error")) {
                throw new LocalDeploymentException(message.path("error").asText());
            }
            return message;
        } catch (IOException e) {
            throw new LocalDeploymentException("the terraform bridge is not running: " + stderr(), e);
        } catch (ExecutionException e) {
            throw new LocalDeploymentException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LocalDeploymentException("terraform did not finish within " + COMMAND_LIMIT.toMinutes() + " minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalDeploymentException("interrupted while terraform ran", e);
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void close() {
        try {
            stdin.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
