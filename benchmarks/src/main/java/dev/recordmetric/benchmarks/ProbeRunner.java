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
import java.util.function.LongConsumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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

    /**
     * One probe run, timed on this process's clock. {@code constructedNanos}: process start to the
     * CONSTRUCTED line (JVM start-up and the handler's constructor); {@code wallNanos}: process start
     * to the RESULT line; {@code firstInvokeWallNanos}: the go signal (or the CONSTRUCTED line) to the
     * RESULT line. {@code constructedAt}: the probe's own System.nanoTime() at CONSTRUCTED. The rest
     * from STATS.
     */
    record Run(boolean ok, long wallNanos, long constructedNanos, long firstInvokeWallNanos, long constructedAt,
            String output, Map<String, Long> stats, String failure) {
        long stat(String name) {
            return stats.getOrDefault(name, 0L);
        }
    }

    ProbeRunner(Fixture fixture) {
        try {
            // A jar, not a directory: class-data sharing archives classes from jars only (AppCDS experiments).
            probeClasses = Files.createTempDirectory("record-metric-probe").resolve("probe.jar");
            try (InputStream in = Probe.class.getResourceAsStream("Probe.class");
                    var jar = new JarOutputStream(Files.newOutputStream(probeClasses))) {
                jar.putNextEntry(new JarEntry(Probe.class.getName().replace('.', '/') + ".class"));
                in.transferTo(jar);
                jar.closeEntry();
            }
            home = Files.createTempDirectory("record-metric-probe-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awsEnv = new LinkedHashMap<>(fixture.aws.endpointVariables());
        // The fake accepts only requests signed with its own per-run credentials.
        awsEnv.put("AWS_ACCESS_KEY_ID", fixture.aws.credentials().accessKeyId());
        awsEnv.put("AWS_SECRET_ACCESS_KEY", fixture.aws.credentials().secretAccessKey());
        awsEnv.put("AWS_SESSION_TOKEN", fixture.aws.credentials().sessionToken());
    }

    Path probeClasses() {
        return probeClasses;
    }

    List<String> command(Path jar, String handler, String input, int invocations, List<String> extraFlags) {
        return command(jar, handler, input, invocations, extraFlags, false);
    }

    /** With {@code pause}, the probe waits after its constructor for {@link #run(List, Map, LongConsumer)}'s go signal. */
    List<String> command(Path jar, String handler, String input, int invocations, List<String> extraFlags, boolean pause) {
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(LAMBDA_JVM_FLAGS);
        command.addAll(extraFlags);
        command.addAll(List.of("-cp", jar + ":" + probeClasses, Probe.class.getName(), handler, input,
                Integer.toString(invocations)));
        if (pause) {
            command.add("pause");
        }
        return command;
    }

    Map<String, String> environment(String functionName, Map<String, String> functionEnv) {
        return environment(functionName, functionEnv, Costs.MEMORY_MB);
    }

    /**
     * What Lambda's Java runtime derives from the memory size: a heap of 85 % of it (its command
     * line sets -XX:MaxHeapSize so), and a machine of that size for the JVM's other defaults (the
     * initial heap is 1/64 of it), with the 2 vCPUs Lambda's guest shows below 3,008 MB whatever
     * its CPU share: a JVM inside a cgroup quota would otherwise size itself for 1 CPU.
     */
    static List<String> memoryFlags(int memoryMb) {
        return List.of("-XX:MaxRAM=" + memoryMb + "m", "-XX:MaxHeapSize=" + (memoryMb * 1024L * 85 / 100) + "k",
                "-XX:ActiveProcessorCount=2");
    }

    Map<String, String> environment(String functionName, Map<String, String> functionEnv, int memoryMb) {
        var env = new LinkedHashMap<String, String>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.putAll(awsEnv);
        env.putAll(functionEnv);
        return env;
    }

    Run run(List<String> command, Map<String, String> env) {
        return run(command, env, null);
    }

    /**
     * Runs a probe; with {@code onConstructed} (for a probe started with {@code pause}) calls it with
     * the probe's PID on the CONSTRUCTED line, then sends the go signal.
     */
    Run run(List<String> command, Map<String, String> env, LongConsumer onConstructed) {
        var builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        long start = System.nanoTime();
        long resultAt = -1;
        long constructedLine = -1;
        long resumedAt = -1;
        long constructedAt = 0;
        String output = null;
        var stats = new HashMap<String, Long>();
        var other = new StringBuilder();
        try {
            Process process = builder.start();
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("CONSTRUCTED ") && constructedLine < 0) {
                        constructedLine = System.nanoTime();
                        constructedAt = Long.parseLong(line.substring("CONSTRUCTED ".length()).trim());
                        if (onConstructed != null) {
                            onConstructed.accept(process.pid());
                            resumedAt = System.nanoTime();
                            process.getOutputStream().write('\n');
                            process.getOutputStream().flush();
                        } else {
                            resumedAt = constructedLine;
                        }
                    } else if (line.startsWith("RESULT ") && resultAt < 0) {
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
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Run(false, 0, 0, 0, 0, null, Map.of(), "timed out");
            }
            boolean ok = process.exitValue() == 0 && resultAt > 0 && constructedLine > 0 && !stats.isEmpty();
            return new Run(ok, resultAt - start, constructedLine - start, resultAt - resumedAt, constructedAt, output,
                    stats, ok ? "" : "exit " + process.exitValue() + ": " + other);
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
