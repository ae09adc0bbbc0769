package dev.recordmetric.fakes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * moto's standalone server (moto 5.2.1), the most independent AWS we can run here, for tests and
 * benchmarks of code that talks to DynamoDB (AWS's DynamoDB Local's licence rules it out), with one
 * fix: its DynamoDB requests are served one at a time, since moto's conditional writes are not atomic
 * under its threaded server as DynamoDB's are (the launcher {@code moto_server.py} beside this class
 * says how that was seen). Started on 127.0.0.1 and a port the kernel picks ({@code -p 0}, read back
 * from its "Running on" line), waited for, and stopped by {@link #close()}; it also exits when this
 * JVM does (its standard input closes). moto keeps everything in memory: a test isolates itself with
 * a table of its own.
 *
 * <p>The Python is {@code python3} from the {@code PATH}, or the {@code MOTO_PYTHON} environment
 * variable's. For the Step Functions flavour the local deployment needs, see {@code cli}'s
 * {@code MotoServer}.
 */
public final class MotoProcess implements AutoCloseable {

    public static final String VERSION = "5.2.1";
    public static final String INSTALL = "python3 -m pip install \"moto[server]==" + VERSION + "\"";
    /** moto checks no signature; any credentials do. */
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDMOTO", "moto"));
    public static final Region REGION = Region.EU_WEST_1;

    private static final Pattern RUNNING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Process process;
    private final URI endpoint;
    private final Thread stopAtExit;

    private MotoProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.stopAtExit = new Thread(process::destroyForcibly, "moto-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * One moto for the whole JVM, started at the first call and stopped when the JVM exits: test
     * classes share it (a start costs about a second) and isolate themselves with tables of their own.
     */
    public static MotoProcess shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final MotoProcess INSTANCE = start();
    }

    /**
     * Starts moto_server and returns once it listens.
     *
     * @throws IllegalStateException naming how to install moto when it cannot be started
     */
    public static MotoProcess start() {
        return start(System.getenv().getOrDefault("MOTO_PYTHON", "python3"));
    }

    static MotoProcess start(String python) {
        String command = python;
        Path launcher = launcher();
        ProcessBuilder builder = new ProcessBuilder(List.of(python, launcher.toString(), "-H", "127.0.0.1", "-p", "0"))
                .redirectErrorStream(true);
        // Nothing of the caller's AWS or moto settings: moto reads MOTO_* and some AWS_* variables.
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("MOTO_"));
        builder.environment().put("PYTHONUNBUFFERED", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + " (" + e.getMessage() + "): tests of DynamoDB code run moto "
                    + VERSION + "'s server on Python 3; install it with " + INSTALL + " (or set MOTO_PYTHON to the python that has it)", e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Deque<String> lastLines = new ArrayDeque<>();
        Thread reader = new Thread(() -> readOutput(process, port, lastLines), "moto-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new MotoProcess(process, URI.create("http://127.0.0.1:" + port.get(STARTUP.toSeconds(), TimeUnit.SECONDS)));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            String said;
            synchronized (lastLines) {
                said = String.join("\n", lastLines);
            }
            throw new IllegalStateException(command + " did not start (" + e.getMessage() + "); it said:\n" + said
                    + "\nmoto " + VERSION + "'s server is needed: " + INSTALL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while moto_server started", e);
        }
    }

    /** The launcher script, copied once per JVM to a temporary file (python reads a path). */
    private static synchronized Path launcher() {
        if (launcher == null) {
            try (InputStream script = MotoProcess.class.getResourceAsStream("moto_server.py")) {
                Path file = Files.createTempFile("record-metric-moto_server", ".py");
                Files.write(file, script.readAllBytes());
                file.toFile().deleteOnExit();
                launcher = file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write moto's launcher to a temporary file", e);
            }
        }
        return launcher;
    }

    private static Path launcher;

    /** Reads moto's output to the end (so it never blocks on a full pipe), keeping its last lines. */
    private static void readOutput(Process process, CompletableFuture<Integer> port, Deque<String> lastLines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
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
        port.completeExceptionally(new IllegalStateException("its output ended: it exited"));
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint of every service moto emulates. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * A client of {@code builder}'s service pointed at this moto: its region and credentials, the
     * URL-connection HTTP client, one attempt (a test sees moto's first answer).
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(1)).build())
                .build();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            process.destroy();
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
