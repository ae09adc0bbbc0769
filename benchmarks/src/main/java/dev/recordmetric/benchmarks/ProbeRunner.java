package dev.recordmetric.benchmarks;

import dev.recordmetric.benchmarks.probe.Probe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts {@link Probe} in fresh JVMs on a function's deployable jar, with a Lambda-like
 * environment pointing at the fakes in this process, and times each from process start to the
 * {@code RESULT} line.
 */
final class ProbeRunner {

    /** What Lambda's java17/java21 runtimes set, and the serial GC they default to. */
    static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final Path probeClasses;
    private final Path home;
    private final Map<String, String> awsEnv;

    /** One probe run. {@code wallNanos}: process start to the RESULT line; the rest from STATS. */
    record Run(boolean ok, long wallNanos, String output, Map<String, Long> stats, String failure) {
        long stat(String name) {
            return stats.getOrDefault(name, 0L);
        }
    }

    ProbeRunner(Fixture fixture) {
        try {
            probeClasses = Files.createTempDirectory("record-metric-probe");
            Path target = probeClasses.resolve(Probe.class.getName().replace('.', '/') + ".class");
            Files.createDirectories(target.getParent());
            try (InputStream in = Probe.class.getResourceAsStream("Probe.class")) {
                Files.copy(in, target);
            }
            home = Files.createTempDirectory("record-metric-probe-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awsEnv = new LinkedHashMap<>();
        awsEnv.put("AWS_ENDPOINT_URL_KMS", fixture.aws.endpoint().toString());
        awsEnv.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", fixture.aws.endpoint().toString());
        // The fake accepts only requests signed with its own per-run credentials.
        awsEnv.put("AWS_ACCESS_KEY_ID", fixture.aws.credentials().accessKeyId());
        awsEnv.put("AWS_SECRET_ACCESS_KEY", fixture.aws.credentials().secretAccessKey());
        awsEnv.put("AWS_SESSION_TOKEN", fixture.aws.credentials().sessionToken());
    }

    Path probeClasses() {
        return probeClasses;
    }

    List<String> command(Path jar, String handler, String input, int invocations, List<String> extraFlags) {
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(LAMBDA_JVM_FLAGS);
        command.addAll(extraFlags);
        command.addAll(List.of("-cp", jar + ":" + probeClasses, Probe.class.getName(), handler, input,
                Integer.toString(invocations)));
        return command;
    }

    Map<String, String> environment(String functionName, Map<String, String> functionEnv) {
        var env = new LinkedHashMap<String, String>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        env.putAll(awsEnv);
        env.putAll(functionEnv);
        return env;
    }

    Run run(List<String> command, Map<String, String> env) {
        var builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        long start = System.nanoTime();
        long resultAt = -1;
        String output = null;
        var stats = new HashMap<String, Long>();
        var other = new StringBuilder();
        try {
            Process process = builder.start();
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("RESULT ") && resultAt < 0) {
                        resultAt = System.nanoTime();
                        output = line.substring("RESULT ".length());
                    } else if (line.startsWith("STATS ")) {
                        for (String pair : line.substring("STATS ".length()).split(" ")) {
                            String[] kv = pair.split("=", 2);
                            stats.put(kv[0], Long.parseLong(kv[1]));
                        }
                    } else if (other.length() < 4000) {
                        other.append(line).append('\n');
                    }
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Run(false, 0, null, Map.of(), "timed out");
            }
            boolean ok = process.exitValue() == 0 && resultAt > 0 && !stats.isEmpty();
            return new Run(ok, resultAt - start, output, stats, ok ? "" : "exit " + process.exitValue() + ": " + other);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command as a reader can paste it (environment first, secrets-free: the fakes' values). */
    static String shell(List<String> command, Map<String, String> env, Path root) {
        String vars = env.entrySet().stream()
                .filter(e -> !e.getKey().equals("PATH"))
                .map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining(" "));
        String args = command.stream()
                .map(arg -> arg.replace(root.toString() + "/", ""))
                .map(ProbeRunner::quote)
                .collect(Collectors.joining(" "));
        return "env -i PATH=\"$PATH\" " + vars + " " + args;
    }

    private static String quote(String value) {
        return value.matches("[A-Za-z0-9_./:=+,@-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
