package dev.recordmetric.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.MotoProcess;
import dev.recordmetric.jobevents.JobLedger;
import dev.recordmetric.jobevents.LedgerJob;
import dev.recordmetric.jobevents.LedgerRetention;
import dev.recordmetric.jobevents.LedgerTableSchema;
import dev.recordmetric.jobevents.WebhookSignature;
import dev.recordmetric.local.FunctionPackage;
import dev.recordmetric.local.RuntimeApi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * ReceiveJobEvents (issue 19) under AWS's runtime interface client at the CPU share of the module's
 * default memory (1,024 MB: 1,024/1,769 of a vCPU through {@link CpuQuota}, from the JVM's first
 * instruction), behind the local harness's Runtime API: cold start to the first answer of a signed
 * {@code workflow_job} delivery, warm per-delivery latency, and the deliveries a second one instance
 * sustains (Lambda gives an instance one invocation at a time, so back to back). DynamoDB is moto's
 * server and Secrets Manager the FakeAws on loopback; moto's own PutItem latency, measured from this
 * JVM, is printed beside the figures.
 */
final class ReceiverSection {

    static final int MEMORY_MB = 1024;
    static final String HANDLER = FunctionPackage.RECEIVE_JOB_EVENTS_HANDLER;
    private static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:receive-job-events";
    private static final String SECRET = "benchmark-webhook-secret";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    record Result(String quotaNote, String runtimeClientVersion, Samples coldInit, Samples coldAnswer, Samples warm,
            double deliveriesPerSecond, Samples motoPut, double load, String command) {
    }

    private final Main.Options options;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    ReceiverSection(Main.Options options) {
        this.options = options;
    }

    private int warmDeliveries() {
        return options.quick() ? 20 : 1000;
    }

    Result measure() throws Exception {
        Path jar = FunctionPackage.jar(options.root(), "job-events");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (benchmarks/run does)");
        }
        List<Path> jars = RuntimeClientSection.clientJars(options.root().resolve("benchmarks/target/runtime-client"));
        String version = jars.stream().map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("aws-lambda-java-runtime-interface-client-")).findFirst()
                .map(n -> n.replace("aws-lambda-java-runtime-interface-client-", "").replace(".jar", "")).orElseThrow();
        Path work = Files.createTempDirectory("record-metric-receiver");
        Path jni = RuntimeClientSection.extractJni(jars, work);
        Path taskRoot = RuntimeClientSection.unpack(jar, work);
        List<String> command = RuntimeClientSection.command(java, jars, jni, HANDLER, MEMORY_MB);
        try (MotoProcess moto = MotoProcess.start();
                FakeAws aws = FakeAws.start();
                DynamoDbClient dynamoDb = moto.client(DynamoDbClient.builder());
                CpuQuota quota = CpuQuota.detect()) {
            String table = "job-ledger-benchmark";
            LedgerTableSchema.create(dynamoDb, table);
            Map<String, String> env = environment(aws, moto, aws.putSecret("webhook-secret", SECRET), table, taskRoot, work);
            Optional<CpuQuota.Group> group = quota.group(MEMORY_MB);
            String note = quota.unavailable().map(why -> "**No CPU quota (" + why + "): unthrottled.**")
                    .orElse("CPU quota " + Markdown.number(CpuQuota.quotaUs(MEMORY_MB)) + " µs per " + Markdown.number(CpuQuota.PERIOD_US)
                            + " µs (" + quota.controller() + ").");
            long jobId = 1;
            if (options.untimedFirst()) {
                Main.progress("receiver: untimed cold start");
                try (Instance instance = Instance.start(command, env, taskRoot, group)) {
                    instance.deliver(jobId++);
                }
            }
            var init = new ArrayList<Long>();
            var answer = new ArrayList<Long>();
            var loads = new ArrayList<Double>();
            Instance last = null;
            try {
                for (int run = 0; run < options.coldRuns(); run++) {
                    Main.progress("receiver at the " + MEMORY_MB + " MB share: cold start " + (run + 1));
                    if (last != null) {
                        last.close();
                    }
                    loads.add(CpuShareSection.loadAverage());
                    last = Instance.start(command, env, taskRoot, group);
                    answer.add(last.deliver(jobId++) - last.startedAt);
                    init.add(last.initEndedAt - last.startedAt);
                }
                Main.progress("receiver: " + warmDeliveries() + " warm deliveries");
                var warm = new ArrayList<Long>();
                long start = System.nanoTime();
                for (int i = 0; i < warmDeliveries(); i++) {
                    long sent = System.nanoTime();
                    warm.add(last.deliver(jobId++) - sent);
                }
                double perSecond = warmDeliveries() / ((System.nanoTime() - start) / 1e9);
                Main.progress("receiver: moto's PutItem from this JVM");
                JobLedger ledger = new JobLedger(dynamoDb, table, LedgerRetention.DEFAULT);
                var puts = new ArrayList<Long>();
                for (int i = 0; i < warmDeliveries(); i++) {
                    LedgerJob job = LedgerJob.fromWebhook(body(jobId++));
                    long sent = System.nanoTime();
                    ledger.record(job, UUID.randomUUID().toString(), "queued", Instant.now());
                    puts.add(System.nanoTime() - sent);
                }
                loads.sort(null);
                return new Result(note, version, new Samples(init), new Samples(answer), new Samples(warm), perSecond,
                        new Samples(puts), loads.get(loads.size() / 2),
                        ProbeRunner.shell(group.isPresent() ? CpuQuota.startInside(group.get(), command) : command,
                                printable(env), options.root()));
            } finally {
                if (last != null) {
                    last.close();
                }
            }
        }
    }

    /** The environment as the report prints it: the fake's credentials and the run's ports and paths as placeholders. */
    private static Map<String, String> printable(Map<String, String> env) {
        var printed = new LinkedHashMap<>(env);
        printed.replace("AWS_ACCESS_KEY_ID", "FAKE_AWS_KEY");
        printed.replace("AWS_SECRET_ACCESS_KEY", "FAKE_AWS_SECRET");
        printed.replace("AWS_SESSION_TOKEN", "FAKE_AWS_TOKEN");
        printed.replace("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:FAKE_AWS_PORT");
        printed.replace("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:MOTO_PORT");
        return printed;
    }

    private Map<String, String> environment(FakeAws aws, MotoProcess moto, String secretArn, String table, Path taskRoot, Path home) {
        var env = new LinkedHashMap<String, String>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_REGION", FakeAws.REGION);
        env.put("AWS_ACCESS_KEY_ID", aws.credentials().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", aws.credentials().secretAccessKey());
        env.put("AWS_SESSION_TOKEN", aws.credentials().sessionToken());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", moto.endpoint().toString());
        env.put("WEBHOOK_SECRET_ARN", secretArn);
        env.put("JOB_LEDGER_TABLE", table);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "receive-job-events");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(MEMORY_MB));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/receive-job-events");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "benchmark");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", HANDLER);
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:PORT");
        return env;
    }

    /** A queued {@code workflow_job} delivery of a new job, as GitHub sends it. */
    static byte[] body(long jobId) {
        ObjectNode payload = Json.MAPPER.createObjectNode().put("action", "queued");
        ObjectNode job = payload.putObject("workflow_job").put("id", jobId).put("run_id", 7_000_000 + jobId).put("run_attempt", 1)
                .put("workflow_name", "CI").put("name", "build").put("head_branch", "main").put("status", "queued")
                .put("created_at", "2026-12-07T10:00:00Z").putNull("started_at").putNull("completed_at").putNull("conclusion")
                .putNull("runner_id").putNull("runner_name").putNull("runner_group_id").putNull("runner_group_name");
        job.putArray("labels").add("self-hosted").add("linux").add("x64");
        payload.putObject("repository").put("full_name", "acme/widgets");
        payload.putObject("installation").put("id", 42);
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The function URL event (payload format 2.0) of a signed delivery of {@code body}. */
    static byte[] event(byte[] body) {
        ObjectNode event = Json.MAPPER.createObjectNode().put("version", "2.0").put("rawPath", "/").put("rawQueryString", "");
        event.putObject("headers").put("content-type", "application/json").put("x-github-event", "workflow_job")
                .put("x-github-delivery", UUID.randomUUID().toString()).put("user-agent", "GitHub-Hookshot/benchmark")
                .put(WebhookSignature.HEADER, WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), body));
        event.putObject("requestContext").putObject("http").put("method", "POST").put("path", "/");
        event.put("body", new String(body, StandardCharsets.UTF_8)).put("isBase64Encoded", false);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One execution environment: the runtime client in its own JVM, in the quota from its start. */
    private static final class Instance implements AutoCloseable {
        private final RuntimeApi api;
        private final Process process;
        private final StringBuilder output = new StringBuilder();
        final long startedAt;
        long initEndedAt;

        private Instance(RuntimeApi api, Process process, long startedAt) {
            this.api = api;
            this.process = process;
            this.startedAt = startedAt;
            Thread.ofPlatform().daemon().start(() -> drain(process.getInputStream()));
        }

        static Instance start(List<String> command, Map<String, String> env, Path taskRoot, Optional<CpuQuota.Group> group)
                throws IOException {
            RuntimeApi api = new RuntimeApi();
            var builder = new ProcessBuilder(group.isPresent() ? CpuQuota.startInside(group.get(), command) : command)
                    .directory(taskRoot.toFile()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
            long start = System.nanoTime();
            Process process = builder.start();
            process.onExit().thenAccept(exited -> api.processExited(exited.exitValue()));
            return new Instance(api, process, start);
        }

        /** One delivery of a new job: returns when its answer was posted (System.nanoTime()); it must be 200 recorded. */
        long deliver(long jobId) throws Exception {
            var posted = api.invoke(UUID.randomUUID().toString(), FUNCTION_ARN, event(body(jobId)), Duration.ofSeconds(10));
            RuntimeApi.Posted answer = posted.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            if (initEndedAt == 0) {
                RuntimeApi.InitOutcome init = api.init().getNow(null);
                initEndedAt = init instanceof RuntimeApi.Ready ready ? ready.atNanos() : startedAt;
            }
            if (answer == null || answer.error()) {
                throw new IllegalStateException("the receiver under the runtime client failed: "
                        + (answer == null ? "the process exited" : new String(answer.body(), StandardCharsets.UTF_8)) + "\n" + output());
            }
            JsonNode response = Json.MAPPER.readTree(answer.body());
            if (response.path("statusCode").asInt() != 200 || !response.path("body").asText().contains("\"recorded\"")) {
                throw new IllegalStateException("the receiver answered " + response + "\n" + output());
            }
            return answer.atNanos();
        }

        private String output() {
            synchronized (output) {
                return output.toString();
            }
        }

        private void drain(InputStream in) {
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
                // stopped
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            api.close();
        }
    }

    static long percentile(Samples samples, double p) {
        var sorted = new ArrayList<>(samples.nanos());
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }

    String section(Result r) {
        var table = new Markdown("measure", "figure");
        table.row("cold start: process start to the first `/next` (init)", Markdown.duration(r.coldInit().median())
                + " (" + Markdown.duration(r.coldInit().min()) + "–" + Markdown.duration(r.coldInit().max()) + ")");
        table.row("cold start to the first answer (init + first delivery)", Markdown.duration(r.coldAnswer().median())
                + " (" + Markdown.duration(r.coldAnswer().min()) + "–" + Markdown.duration(r.coldAnswer().max()) + ")");
        table.row("warm delivery p50", Markdown.duration(percentile(r.warm(), 50)));
        table.row("warm delivery p99", Markdown.duration(percentile(r.warm(), 99)));
        table.row("deliveries a second, one instance", String.format(Locale.ROOT, "%.0f", r.deliveriesPerSecond()));
        table.row("moto's PutItem from the benchmark's JVM, p50 / p99",
                Markdown.duration(percentile(r.motoPut(), 50)) + " / " + Markdown.duration(percentile(r.motoPut(), 99)));
        table.row("load average", CpuShareSection.load(r.load()));
        long motoShare = 100 * percentile(r.motoPut(), 50) / Math.max(1, percentile(r.warm(), 50));
        return "## ReceiveJobEvents under AWS's runtime interface client at the " + Markdown.number(MEMORY_MB) + " MB share\n\n"
                + r.quotaNote() + " The receiver's deployable jar under `aws-lambda-java-runtime-interface-client` "
                + r.runtimeClientVersion() + ", in the quota from its first instruction, the local harness's Runtime API"
                + " as the Lambda service; each delivery a signed `workflow_job` (`queued`, a new job: a real PutItem)"
                + " as a function URL event. DynamoDB: moto " + MotoProcess.VERSION + "'s server; Secrets Manager: FakeAws;"
                + " all on loopback. Cold: median (min–max) of " + r.coldAnswer().count() + " fresh JVMs. Warm: "
                + r.warm().count() + " deliveries back to back on the last one (Lambda gives an instance one invocation at"
                + " a time), each from its queueing at the Runtime API to its posted answer. moto's own PutItem is "
                + motoShare + " % of the warm p50" + (motoShare >= 50 ? ": moto's latency dominates the warm figures,"
                        + " which DynamoDB's single-digit milliseconds would change." : ".") + " GitHub waits 10 s for an"
                + " answer.\n\n" + table + "\nCommand (`PORT` is the benchmark's Runtime API, `MOTO_PORT` moto's, `FAKE_AWS_*`"
                + " the FakeAws's; the working directory the unpacked jar):\n\n```\n" + r.command() + "\n```\n\n";
    }
}
