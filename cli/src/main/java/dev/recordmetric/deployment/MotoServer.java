package dev.recordmetric.deployment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto, the Python AWS emulator, as {@code e2e/harness/moto_server.py} runs it (moto 5.2.1's server
 * with one fix): on 127.0.0.1 and a port of its choosing, with its Step Functions interpreter
 * enabled and sending the service calls of executions (Lambda Invoke, {@code aws-sdk:*}) to
 * {@code http://localhost:<enginePort>} (moto reads that port from {@code MOTO_PORT}: its
 * {@code stepfunctions/parser/asl/utils/boto_client.py}). Its output goes to a log file. Stopped
 * by closing its standard input (it exits then, also when this JVM dies), else by its PID.
 */
public final class MotoServer implements AutoCloseable {

    public static final String VERSION = "5.2.1";
    public static final String INSTALL = "python3 -m pip install \"moto[server]==" + VERSION + "\"";

    private static final Pattern RUNNING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration STARTUP = Duration.ofSeconds(30);
    /**
     * moto's configuration ({@code moto.core.config}, set through {@code /moto-api/config}): execute
     * state machines instead of only recording them, and never start Docker for Lambda (the proxy
     * runs the functions).
     */
    private static final String CONFIG = "{\"stepfunctions\": {\"execute_state_machine\": true}, \"lambda\": {\"use_docker\": false}}";

    private final Process process;
    private final URI uri;

    private MotoServer(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /**
     * Starts moto with {@code python} (a Python 3 with {@code moto[server]} 5.2.1), its Step Functions
     * interpreter calling {@code enginePort}; its output is appended to {@code log}.
     */
    public static MotoServer start(String python, Path launcher, int enginePort, Path log) {
        List<String> command = new ArrayList<>(Detached.prefix());
        command.addAll(List.of(python, launcher.toString(), "-H", "127.0.0.1", "-p", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // Nothing of the caller's AWS or moto settings: moto reads MOTO_* and some AWS_* variables.
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("MOTO_") || name.startsWith("TEST_"));
        env.put("MOTO_PORT", Integer.toString(enginePort));
        env.put("PYTHONUNBUFFERED", "1");
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new LocalDeploymentException("cannot start " + python + " (" + e.getMessage() + "): the local deployment runs moto "
                    + VERSION + " (moto_server) on Python 3; install it with " + INSTALL, e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Deque<String> lastLines = new ArrayDeque<>();
        Thread reader = new Thread(() -> copyOutput(process, log, port, lastLines), "moto-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int found = port.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
            MotoServer moto = new MotoServer(process, URI.create("http://127.0.0.1:" + found));
            moto.configure();
            return moto;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            process.destroyForcibly();
            String said;
            synchronized (lastLines) {
                said = String.join("\n", lastLines);
            }
            throw new LocalDeploymentException("moto did not start (" + e.getMessage() + "); it said:\n" + said
                    + (said.contains("pip install") ? "" : "\n(moto " + VERSION + " is needed: " + INSTALL + ")"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new LocalDeploymentException("interrupted while moto started", e);
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<Integer> port, Deque<String> lastLines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 20) {
                        lastLines.removeFirst();
                    }
                }
                Matcher running = RUNNING.matcher(line);
                if (!port.isDone() && running.find()) {
                    port.complete(Integer.parseInt(running.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("moto's output ended: it exited"));
    }

    private void configure() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri.resolve("/moto-api/config"))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(CONFIG))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("moto's /moto-api/config answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
