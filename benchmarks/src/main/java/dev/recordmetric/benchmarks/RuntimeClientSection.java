package dev.recordmetric.benchmarks;

import dev.recordmetric.local.RuntimeApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;

/**
 * Each function started the way Lambda's Java runtime starts it: AWS's runtime interface client
 * ({@code com.amazonaws:aws-lambda-java-runtime-interface-client}, copied to
 * {@code benchmarks/target/runtime-client/} by the build) as the main class, the function's package
 * unpacked as the task root and working directory (the client loads it from there), the client's
 * native Runtime API connector, and the local harness's {@link RuntimeApi} as the Lambda service. Timed from
 * process start to the first {@code /next} (init) and to the posted response, at the CPU shares of
 * {@code --runtime-client-sizes}, init capped and uncapped (moved into the quota on its first
 * {@code /next}).
 */
final class RuntimeClientSection {

    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:probe";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** The deadline the function is given, from when it receives the invocation. */
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);

    record Row(ShareCase probe, int memoryMb, Samples cappedInit, Samples cappedTotal, Samples uncappedInit,
            Samples uncappedTotal, double load) {
    }

    record Result(List<Integer> memorySizes, int runs, String version, String quotaNote, List<Row> rows, String command) {
    }

    private final Main.Options options;
    private final Fixture fixture;
    private final ProbeRunner probes;
    private final Path clientJars;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    RuntimeClientSection(Main.Options options, Fixture fixture, ProbeRunner probes) {
        this.options = options;
        this.fixture = fixture;
        this.probes = probes;
        this.clientJars = options.root().resolve("benchmarks/target/runtime-client");
    }

    Result measure() throws Exception {
        List<Path> jars = clientJars();
        String version = jars.stream().map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("aws-lambda-java-runtime-interface-client-")).findFirst()
                .map(n -> n.replace("aws-lambda-java-runtime-interface-client-", "").replace(".jar", "")).orElseThrow();
        Path work = Files.createTempDirectory("record-metric-runtime-client");
        Path jni = extractJni(jars, work);
        List<Integer> memorySizes = options.runtimeClientSizes();
        fixture.latency(options.latency(), Main.AWS_LATENCY);
        var taskRoots = new LinkedHashMap<Path, Path>();
        var rows = new ArrayList<Row>();
        String command = "";
        try (CpuQuota quota = CpuQuota.detect()) {
            String note = quota.unavailable().map(why -> "**No CPU quota (" + why + "): unthrottled.**")
                    .orElse("CPU quota per " + CpuQuota.PERIOD_US + " µs (" + quota.controller() + "): " + String.join(", ",
                            memorySizes.stream().map(mb -> Markdown.number(CpuQuota.quotaUs(mb)) + " µs at "
                                    + Markdown.number(mb) + " MB").toList()) + ".");
            List<ShareCase> cases = ShareCase.of(options, fixture);
            // At --quick one function: the section is the same code for each.
            for (ShareCase probe : options.quick() ? cases.subList(0, 1) : cases) {
                Path taskRoot = taskRoots.computeIfAbsent(probe.jar(), jar -> unpack(jar, work));
                if (options.untimedFirst()) {
                    Main.progress("runtime client: untimed run of " + probe.title());
                    start(command(jars, jni, probe, memorySizes.get(0)), probe, memorySizes.get(0), taskRoot, Optional.empty(),
                            false);
                }
                for (int memoryMb : memorySizes) {
                    var group = quota.group(memoryMb);
                    List<String> base = command(jars, jni, probe, memoryMb);
                    command = ProbeRunner.shell(base, environment(probe, memoryMb, "127.0.0.1:PORT", taskRoot), options.root());
                    var cappedInit = new ArrayList<Long>();
                    var cappedTotal = new ArrayList<Long>();
                    var uncappedInit = new ArrayList<Long>();
                    var uncappedTotal = new ArrayList<Long>();
                    var loads = new ArrayList<Double>();
                    for (int run = 0; run < options.coldRuns(); run++) {
                        Main.progress("runtime client at " + memoryMb + " MB share: " + probe.title() + " (run " + (run + 1) + ")");
                        loads.add(CpuShareSection.loadAverage());
                        long[] capped = start(base, probe, memoryMb, taskRoot, group, false);
                        cappedInit.add(capped[0]);
                        cappedTotal.add(capped[1]);
                        long[] uncapped = start(base, probe, memoryMb, taskRoot, group, true);
                        uncappedInit.add(uncapped[0]);
                        uncappedTotal.add(uncapped[1]);
                    }
                    loads.sort(null);
                    rows.add(new Row(probe, memoryMb, new Samples(cappedInit), new Samples(cappedTotal),
                            new Samples(uncappedInit), new Samples(uncappedTotal), loads.get(loads.size() / 2)));
                }
            }
            return new Result(memorySizes, options.coldRuns(), version, note, rows, command);
        }
    }

    private List<String> command(List<Path> jars, Path jni, ShareCase probe, int memoryMb) {
        return command(java, jars, jni, probe.handler() + "::handleRequest", memoryMb);
    }

    /** The command line of Lambda's Java runtime for {@code handler} at {@code memoryMb}. */
    static List<String> command(Path java, List<Path> jars, Path jni, String handler, int memoryMb) {
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(ProbeRunner.LAMBDA_JVM_FLAGS);
        command.addAll(ProbeRunner.memoryFlags(memoryMb));
        // What Lambda's Java runtime adds (its java17 command line, as printed by public debugging scripts).
        command.addAll(List.of("--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac", "-Djava.net.preferIPv4Stack=true",
                "-XX:+ErrorFileToStderr", "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + jni));
        command.add("-classpath");
        command.add(String.join(":", jars.stream().map(Path::toString).toList()));
        command.add(MAIN_CLASS);
        command.add(handler);
        return command;
    }

    private Map<String, String> environment(ShareCase probe, int memoryMb, String runtimeApi, Path taskRoot) {
        var env = probes.environment(probe.functionName(), probe.env(), memoryMb);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", probe.handler() + "::handleRequest");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + probe.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "probe");
        return env;
    }

    /** One fresh runtime: returns process start to first /next, and to the posted response, in ns. */
    private long[] start(List<String> base, ShareCase probe, int memoryMb, Path taskRoot, Optional<CpuQuota.Group> group,
            boolean uncappedInit) throws Exception {
        var pid = new long[] {-1};
        try (var api = new RuntimeApi(() -> {
            if (uncappedInit) {
                group.ifPresent(g -> CpuQuota.move(pid[0], g));
            }
        }, Duration.ZERO)) {
            var invocation = api.invoke(UUID.randomUUID().toString(), FUNCTION_ARN,
                    probe.input().getBytes(StandardCharsets.UTF_8), INVOCATION_TIMEOUT);
            List<String> command = !uncappedInit && group.isPresent() ? CpuQuota.startInside(group.get(), base) : base;
            var builder = new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(environment(probe, memoryMb, api.address(), taskRoot));
            long start = System.nanoTime();
            Process process = builder.start();
            pid[0] = process.pid();
            process.onExit().thenAccept(exited -> api.processExited(exited.exitValue()));
            var output = new StringBuilder();
            Thread drain = Thread.ofPlatform().daemon().start(() -> drain(process.getInputStream(), output));
            try {
                RuntimeApi.InitOutcome init = api.init().get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
                if (!(init instanceof RuntimeApi.Ready ready)) {
                    throw new IllegalStateException(probe.title() + " under the runtime client: init ended as " + describe(init)
                            + "\n" + output);
                }
                RuntimeApi.Posted answer = invocation.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
                if (answer == null || answer.error()) {
                    throw new IllegalStateException(probe.title() + " under the runtime client: "
                            + (answer == null ? "the process exited" : "error " + new String(answer.body(), StandardCharsets.UTF_8))
                            + "\n" + output);
                }
                return new long[] {ready.atNanos() - start, answer.atNanos() - start};
            } catch (TimeoutException e) {
                throw new IllegalStateException(probe.title() + " under the runtime client did not answer: " + output, e);
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                drain.join(1000);
            }
        }
    }

    private static String describe(RuntimeApi.InitOutcome init) {
        return switch (init) {
            case RuntimeApi.InitFailed failed -> "an init error " + new String(failed.document(), StandardCharsets.UTF_8);
            case RuntimeApi.Exited exited -> "an exit with status " + exited.status();
            case RuntimeApi.Ready ready -> "ready";
        };
    }

    private static void drain(InputStream in, StringBuilder output) {
        try (in) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (output) {
                    if (output.length() < 8000) {
                        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException ignored) {
            // the process was stopped
        }
    }

    private List<Path> clientJars() throws IOException {
        return clientJars(clientJars);
    }

    /** The runtime client's jars the build copied to {@code clientJars}, in the order of Lambda's runtime. */
    static List<Path> clientJars(Path clientJars) throws IOException {
        if (!Files.isDirectory(clientJars)) {
            throw new IllegalStateException(clientJars + " is missing: build the benchmark first (benchmarks/run does)");
        }
        try (Stream<Path> files = Files.list(clientJars)) {
            // The order of Lambda's runtime: the core interfaces, the client, the serialization library.
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** The client's native connector for this machine, unpacked once (Lambda ships it unpacked too). */
    static Path extractJni(List<Path> jars, Path work) throws IOException {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "aarch_64" : "x86_64";
        String entry = "jni/libaws-lambda-jni.linux-" + arch + ".so";
        Path client = jars.stream().filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                .findFirst().orElseThrow();
        try (var zip = new ZipInputStream(Files.newInputStream(client))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(entry)) {
                    Path target = work.resolve("libaws-lambda-jni.so");
                    Files.copy(zip, target);
                    return target;
                }
            }
        }
        throw new IllegalStateException(client + " has no " + entry);
    }

    /** The function package unpacked, as Lambda unpacks it into /var/task. */
    static Path unpack(Path jar, Path work) {
        Path root = work.resolve(jar.getFileName().toString().replace(".jar", ""));
        try (var zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IllegalStateException("entry outside the package: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String section(Result result) {
        var table = new Markdown("function", "memory (CPU share)", "init capped: to first /next", "first response",
                "init uncapped: to first /next", "first response (invoke capped)", "task timeout",
                "capped first response ≤ half of it", "load");
        for (Row row : result.rows()) {
            long half = Duration.ofSeconds(row.probe().taskTimeoutSeconds()).toNanos() / 2;
            table.row(row.probe().title(), CpuShareSection.share(row.memoryMb()), Markdown.duration(row.cappedInit().median()),
                    Markdown.duration(row.cappedTotal().median()) + " (" + Markdown.duration(row.cappedTotal().min()) + "–"
                            + Markdown.duration(row.cappedTotal().max()) + ")",
                    Markdown.duration(row.uncappedInit().median()), Markdown.duration(row.uncappedTotal().median()),
                    row.probe().taskTimeoutSeconds() + " s", row.cappedTotal().median() <= half ? "yes" : "**no**",
                    CpuShareSection.load(row.load()));
        }
        return "## Cold start under AWS's runtime interface client\n\n" + result.quotaNote() + " Each function started as"
                + " Lambda's Java runtime starts it: `com.amazonaws:aws-lambda-java-runtime-interface-client` "
                + result.version() + " as the main class (with aws-lambda-java-core and aws-lambda-java-serialization),"
                + " the deployable jar unpacked as the task root and working directory, the client's native Runtime API"
                + " connector, and the local harness's Runtime API server playing the Lambda service (loopback)."
                + " Median of " + result.runs() + " fresh JVMs (after one untimed run), timed from process start to the"
                + " runtime's first `GET /runtime/invocation/next` (where Lambda's init phase ends) and to its posted"
                + " response. Init uncapped: the process is moved into the quota when it first asks for an event. Not"
                + " included: Lambda's own work before the process starts (placing the environment, fetching the"
                + " package), and its CDS archive of the runtime client's classes (`/var/lang/lib/server/runtime.jsa`), for"
                + " which this JDK's default archive stands in. Fakes as above.\n\n" + table
                + "\nCommand (the last function; `PORT` is the benchmark's Runtime API, the working directory the unpacked"
                + " jar):\n\n```\n" + result.command() + "\n```\n\n";
    }
}
