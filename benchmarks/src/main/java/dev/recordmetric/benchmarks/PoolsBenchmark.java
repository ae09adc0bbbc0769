package dev.recordmetric.benchmarks;

import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.TestKeys;
import dev.recordmetric.local.ExecutionStatus;
import dev.recordmetric.local.FakeBackends;
import dev.recordmetric.local.LocalEngine;
import dev.recordmetric.local.LocalWorkflow;
import dev.recordmetric.local.Overrides;
import dev.recordmetric.local.StateMachineFiles;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many pools from one deployment against one deployment per pool: GitHub requests per hour and
 * execution time over one organization of {@code runners} runners spread evenly over P pools
 * (each labelled {@code installation_id:pool-<i>}). The real definition on the local engine, the
 * real handlers in this JVM (so that P executions at once are not queued behind the harness's few
 * runtime-client processes, as Lambda would not queue them), GitHub App credentials with the token
 * cached, the fakes' latency per request.
 *
 * <ul>
 *   <li>One deployment, P pools: one execution lists the organization once and counts every pool;
 *       median of {@code iterations} executions.
 *   <li>P deployments, one pool each: P executions started at once, each listing the whole
 *       organization for its pool (every such execution does the same work whatever its label, so
 *       they run one single-pool configuration); the median and the slowest of them, each from
 *       start to its end event.
 * </ul>
 * Requests are counted by the fake GitHub; per hour is 60 runs.
 *
 * <p>Run alone: {@code java -cp benchmarks/target/benchmarks.jar dev.recordmetric.benchmarks.PoolsBenchmark
 * [--quick]}; {@link Main} appends the section to the full report.
 */
final class PoolsBenchmark {

    static final Duration AWS_LATENCY = Duration.ofMillis(10);

    record Row(int pools, long deploymentRequests, Samples deployment, long perPoolRequests, Samples perPool, int maxInFlight) {
    }

    private final int runners;
    private final List<Integer> poolCounts;
    private final int iterations;
    private final Duration latency;
    private final Path root;

    PoolsBenchmark(int runners, List<Integer> poolCounts, int iterations, Duration latency, Path root) {
        this.runners = runners;
        this.poolCounts = List.copyOf(poolCounts);
        this.iterations = iterations;
        this.latency = latency;
        this.root = root;
    }

    /**
     * The largest fleet size of {@link Main}'s options (10,000 by default) over 1, 5 and 20 pools;
     * at the smoke run's tiny sizes, 1 and 3 pools.
     */
    static PoolsBenchmark of(Main.Options options) {
        int runners = options.largest();
        return new PoolsBenchmark(runners, runners >= 1_000 ? List.of(1, 5, 20) : List.of(1, 3), options.iterations(),
                options.latency(), options.root());
    }

    public static void main(String[] args) throws Exception {
        System.setProperty(Main.NODELAY, "true");
        System.out.print(of(Main.Options.parse(args)).section());
        System.out.flush();
        System.exit(0);
    }

    String section() {
        var table = new Markdown("pools", "one deployment: GitHub requests / h", "one deployment: execution (median)",
                "one per pool: GitHub requests / h", "one per pool: execution (median / slowest of P at once)",
                "one per pool: GitHub requests in flight at most");
        for (int pools : poolCounts) {
            Row row = measure(pools);
            table.row(pools, Markdown.number(60 * row.deploymentRequests()), Markdown.duration(row.deployment().median()),
                    Markdown.number(60 * row.perPoolRequests()),
                    Markdown.duration(row.perPool().median()) + " / " + Markdown.duration(row.perPool().max()),
                    row.maxInFlight());
        }
        return "## Pools: one deployment against one per pool\n\n"
                + Markdown.number(runners) + " runners in one organization, spread evenly over the pools; "
                + latency.toMillis() + " ms per GitHub request and " + AWS_LATENCY.toMillis() + " ms per AWS request;"
                + " the definition on the local engine with the handlers in this JVM, GitHub App token cached. One deployment: median of "
                + iterations + " executions, each listing the organization once for every pool. One deployment per pool: P executions"
                + " started at once, each listing the whole organization (their median and slowest). Requests counted by the"
                + " fake GitHub, 60 runs an hour. GitHub's secondary limits allow 100 concurrent requests (\"Rate limits for the"
                + " REST API\").\n\n" + table + '\n';
    }

    private Row measure(int pools) {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < pools; i++) {
            named.put("pool-" + i, "pool-" + i);
        }
        List<FakeRunner> fleet = fleet(pools);
        progress(pools + (pools == 1 ? " pool" : " pools") + ": one deployment × " + iterations);
        long deploymentRequests;
        Samples deployment;
        try (var backends = backends(named, fleet); LocalWorkflow workflow = backends.workflow().files(files()).start()) {
            workflow.useHandlers(backends.getTokenHandler(), backends.listRunnersHandler());
            succeeded(workflow.run(Overrides.NONE), pools);
            backends.github().resetRequests();
            var nanos = new ArrayList<Long>();
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                succeeded(workflow.run(Overrides.NONE), pools);
                nanos.add(System.nanoTime() - start);
            }
            deploymentRequests = runnerRequests(backends) / iterations;
            deployment = new Samples(nanos);
        }
        progress(pools + (pools == 1 ? " pool" : " pools") + ": one deployment per pool, " + pools + " at once");
        try (var backends = backends(Map.of("pool-0", "pool-0"), fleet); LocalWorkflow workflow = backends.workflow().files(files()).start()) {
            workflow.useHandlers(backends.getTokenHandler(), backends.listRunnersHandler());
            succeeded(workflow.run(Overrides.NONE), pools);
            backends.github().resetRequests();
            var started = new ArrayList<LocalEngine.Execution>();
            for (int i = 0; i < pools; i++) {
                started.add(workflow.start(Overrides.NONE, null));
            }
            var nanos = new ArrayList<Long>();
            for (LocalEngine.Execution execution : started) {
                LocalWorkflow.Run run = succeeded(workflow.finish(execution), pools);
                var events = run.result().events();
                nanos.add(Duration.between(events.getFirst().timestamp(), events.getLast().timestamp()).toNanos());
            }
            return new Row(pools, deploymentRequests, deployment, runnerRequests(backends), new Samples(nanos),
                    backends.github().maxConcurrentRequests());
        }
    }

    private FakeBackends backends(Map<String, String> pools, List<FakeRunner> fleet) {
        FakeBackends backends = FakeBackends.start("bench-pools", pools);
        KeyPair keys = TestKeys.rsaKeyPair();
        backends.useApp(keys, TestKeys.pkcs1Pem(keys.getPrivate()));
        backends.organization().setRunners(fleet);
        backends.github().rateLimit(10_000_000).latency(latency);
        backends.aws().latency(AWS_LATENCY);
        return backends;
    }

    /** {@code runners} runners of FakeRunners' mix, runner i in pool i mod P. */
    private List<FakeRunner> fleet(int pools) {
        List<FakeRunner> generated = FakeRunners.generate(runners, "pool-0");
        List<FakeRunner> fleet = new ArrayList<>(generated.size());
        for (int i = 0; i < generated.size(); i++) {
            FakeRunner r = generated.get(i);
            fleet.add(new FakeRunner(r.id(), r.name(), r.os(), r.status(), r.busy(),
                    List.of("self-hosted", "Linux", "X64", "installation_id:pool-" + (i % pools))));
        }
        return fleet;
    }

    private static long runnerRequests(FakeBackends backends) {
        return backends.github().requestCount("/orgs/bench-pools/actions/runners");
    }

    private StateMachineFiles files() {
        return new StateMachineFiles(root.resolve("statemachine"));
    }

    private static LocalWorkflow.Run succeeded(LocalWorkflow.Run run, int pools) {
        if (run.status() != ExecutionStatus.SUCCEEDED) {
            throw new IllegalStateException("the workflow " + run.status() + " with " + pools + " pools: "
                    + run.result().error() + " " + run.result().cause());
        }
        return run;
    }

    private static void progress(String message) {
        System.err.println("[benchmark] " + message);
    }
}
