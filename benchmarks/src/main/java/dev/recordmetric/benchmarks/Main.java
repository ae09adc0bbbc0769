package dev.recordmetric.benchmarks;

import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.MutableClock;
import dev.recordmetric.fakes.RecordingLambdaContext;
import dev.recordmetric.fakes.TestKeys;
import dev.recordmetric.gettoken.GetTokenHandler;
import dev.recordmetric.listrunners.BenchmarkAccess;
import dev.recordmetric.local.ExecutionStatus;
import dev.recordmetric.local.FakeBackends;
import dev.recordmetric.local.FunctionPackage;
import dev.recordmetric.local.LocalWorkflow;
import dev.recordmetric.local.Overrides;
import dev.recordmetric.local.StateMachineFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark: one command, one Markdown report on standard output (progress on standard error).
 * Every figure comes from this run against the fakes; the assumptions are printed beside it.
 *
 * <p>Options: {@code --quick} (tiny sizes and repetitions: a smoke run, not a measurement),
 * {@code --sizes=100,500,1000,10000}, {@code --iterations=5}, {@code --slow-iterations=3},
 * {@code --latency-ms=100}, {@code --cold-runs=5}, {@code --warm-invocations=10},
 * {@code --no-jmh}, {@code --no-heap-search}, {@code --cold-only}, {@code --built-listing-only}
 * (profiling aids), {@code --root=<repository>}; at Lambda's CPU shares: {@code --memory-sizes=256,512,1024,1769},
 * {@code --no-shares}, {@code --shares-only} (the CPU-share sections and the runtime client only),
 * {@code --no-runtime-client}, {@code --runtime-client-sizes=256,1024}, {@code --jvm-options} (the JVM-option
 * experiments at the smallest share, off by default), {@code --only=runtime-client} or {@code --only=jvm-options}
 * (that section alone), {@code --only=turnover} (ListRunners by pages in flight and under runner turnover,
 * {@link TurnoverBenchmark}), {@code --only=listing-budget} (ListRunners by organization size against its task
 * timeout, {@link ListingBudgetSection}), {@code --only=repairs} (the job ledger's repairs, {@link RepairsBenchmark}), {@code --only=compare --baseline=<checkout>} (this checkout's jars against another's,
 * {@link ComparisonSection}; with {@code --capped-only}, {@code --compare-cases=ListRunners,App}).
 */
public final class Main {

    static final String LABEL = "installation_id:" + Fixture.INSTALLATION_LABEL;
    static final Duration AWS_LATENCY = Duration.ofMillis(10);

    record Options(List<Integer> sizes, int iterations, int slowIterations, Duration latency, int coldRuns,
            int warmInvocations, boolean jmh, boolean heapSearch, Path root, boolean coldOnly, boolean builtListingOnly,
            List<Integer> memorySizes, boolean shares, boolean sharesOnly, boolean runtimeClient, boolean jvmOptions,
            List<Integer> runtimeClientSizes, String only, boolean quick, Optional<Path> baseline, boolean cappedOnly,
            List<String> compareCases, List<String> variants) {

        static Options parse(String... args) {
            var values = new LinkedHashMap<String, String>();
            for (String arg : args) {
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("unknown argument " + arg);
                }
                String[] kv = arg.substring(2).split("=", 2);
                values.put(kv[0], kv.length > 1 ? kv[1] : "true");
            }
            boolean quick = values.containsKey("quick");
            List<Integer> sizes = Arrays.stream(values.getOrDefault("sizes", quick ? "100" : "100,500,1000,10000")
                    .split(",")).map(String::trim).map(Integer::parseInt).sorted().toList();
            return new Options(sizes,
                    Integer.parseInt(values.getOrDefault("iterations", quick ? "1" : "5")),
                    Integer.parseInt(values.getOrDefault("slow-iterations", quick ? "1" : "3")),
                    Duration.ofMillis(Long.parseLong(values.getOrDefault("latency-ms", quick ? "5" : "100"))),
                    Integer.parseInt(values.getOrDefault("cold-runs", quick ? "1" : "5")),
                    Integer.parseInt(values.getOrDefault("warm-invocations", quick ? "2" : "10")),
                    !quick && !values.containsKey("no-jmh"),
                    !quick && !values.containsKey("no-heap-search"),
                    values.containsKey("root") ? Path.of(values.get("root")) : findRoot(),
                    values.containsKey("cold-only"), values.containsKey("built-listing-only"),
                    // --quick: one share (the fastest), one repetition: checks that it works, measures nothing.
                    Arrays.stream(values.getOrDefault("memory-sizes", quick ? "1769" : "256,512,1024,1769").split(","))
                            .map(String::trim).map(Integer::parseInt).sorted().toList(),
                    !values.containsKey("no-shares"), values.containsKey("shares-only"),
                    !values.containsKey("no-runtime-client"), values.containsKey("jvm-options"),
                    Arrays.stream(values.getOrDefault("runtime-client-sizes", quick ? "1769" : "256,1024").split(","))
                            .map(String::trim).map(Integer::parseInt).sorted().toList(),
                    values.getOrDefault("only", ""), quick, Optional.ofNullable(values.get("baseline")).map(Path::of),
                    values.containsKey("capped-only"),
                    values.containsKey("compare-cases") ? List.of(values.get("compare-cases").split(",")) : List.of(),
                    values.containsKey("variants") ? List.of(values.get("variants").split(",")) : List.of());
        }

        /**
         * Whether each measurement starts with an untimed run (it warms the page cache); not at
         * {@code --quick}, which measures nothing.
         */
        boolean untimedFirst() {
            return !quick;
        }

        private static Path findRoot() {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("functions/list-runners"))) {
                    return dir;
                }
            }
            throw new IllegalStateException("run from the repository (or pass --root=<repository>)");
        }

        int largest() {
            return sizes.get(sizes.size() - 1);
        }
    }

    private final Options options;
    private final Fixture fixture;
    private final ProbeRunner probes;
    private final Path listRunnersJar;
    private final Path getTokenJar;

    Main(Options options, Fixture fixture) {
        this.options = options;
        this.fixture = fixture;
        this.probes = new ProbeRunner(fixture);
        this.listRunnersJar = FunctionPackage.jar(options.root(), "list-runners");
        this.getTokenJar = FunctionPackage.jar(options.root(), "get-token");
        for (Path jar : List.of(listRunnersJar, getTokenJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build it first (benchmarks/run does)");
            }
        }
    }

    /**
     * The fakes run on the JDK's HttpServer, which by default leaves Nagle's algorithm on: with the
     * client's delayed ACKs that adds about 40 ms to every response, an artefact of the fake that
     * GitHub's servers do not have. Set before the first server starts.
     */
    static final String NODELAY = "sun.net.httpserver.nodelay";

    public static void main(String[] args) throws Exception {
        System.setProperty(NODELAY, "true");
        if (Arrays.asList(args).contains("--serve")) {
            serve();
            return;
        }
        Options options = Options.parse(args);
        try (var fixture = new Fixture(options.sizes())) {
            System.out.print(new Main(options, fixture).report());
        }
        System.out.flush();
        // The fakes' server threads and JMH leave nothing to wait for.
        System.exit(0);
    }

    /** The options {@link TurnoverBenchmark} shares with this report, as its arguments. */
    private static String[] passedOn(Options options) {
        var args = new ArrayList<String>();
        if (options.quick()) {
            args.add("--quick");
        }
        args.add("--latency-ms=" + options.latency().toMillis());
        return args.toArray(String[]::new);
    }

    String report() throws Exception {
        var out = new StringBuilder();
        out.append("# record-metric benchmark\n\n").append(machine()).append('\n');
        if (options.builtListingOnly()) {
            for (int size : options.sizes()) {
                ListingRow row = measureListing(size);
                out.append(size).append(" runners, as built: median ").append(Markdown.duration(row.times().get(BUILT).median()))
                        .append(", all ").append(row.times().get(BUILT).nanos().stream().map(Markdown::duration).toList()).append('\n');
            }
            return out.toString();
        }
        if (options.coldOnly()) {
            return out.append(coldStartSection(measureColdStarts())).append(runtimeClientColdStartSection()).toString();
        }
        if (options.only().equals("runtime-client")) {
            var section = new RuntimeClientSection(options, fixture, probes);
            return out.append(section.section(section.measure())).toString();
        }
        if (options.only().equals("receiver")) {
            var section = new ReceiverSection(options);
            return out.append(section.section(section.measure())).toString();
        }
        if (options.only().equals("compare")) {
            var section = new ComparisonSection(options, fixture, probes);
            return out.append(section.section(section.measure())).toString();
        }
        if (options.only().equals("listing-budget")) {
            var section = new ListingBudgetSection(options, fixture, probes);
            return out.append(section.section(section.measure())).toString();
        }
        if (options.only().equals("repairs")) {
            // The job ledger's repairs at 0 and 10 % lost deliveries (issue 19): its own options.
            return out.append(RepairsBenchmark.of(passedOn(options)).section()).toString();
        }
        if (options.only().equals("turnover")) {
            // ListRunners under runner turnover and by pages in flight (issue 17): its own options.
            TurnoverBenchmark turnover = TurnoverBenchmark.of(passedOn(options));
            return out.append(turnover.concurrencySection()).append(turnover.turnoverSection()).toString();
        }
        if (options.only().equals("jvm-options")) {
            var section = new JvmOptionsSection(options, fixture, probes);
            return out.append(section.section(section.measure())).toString();
        }
        if (options.sharesOnly()) {
            return out.append(shareSections(Optional.empty())).toString();
        }

        List<ListingRow> listing = new ArrayList<>();
        for (int size : options.sizes()) {
            listing.add(measureListing(size));
        }
        out.append(listingSection(listing));

        Map<String, ColdStart> cold = measureColdStarts();
        out.append(coldStartSection(cold));
        out.append(runtimeClientColdStartSection());

        HeapResult heap = measureHeap();
        out.append(heapSection(heap));

        WarmResult warm = measureWarm();
        out.append(warmSection(warm));

        WorkflowResult workflow = measureWorkflow();
        out.append(workflowSection(workflow));
        out.append(PoolsBenchmark.of(options).section());

        int transitions = Costs.transitionsPerExecution(options.root());
        out.append(Costs.section(options.sizes(), warm, transitions, Costs.aslPresent(options.root())));
        out.append(Costs.rateLimitSection(options.sizes()));

        if (options.jmh()) {
            progress("JMH microbenchmarks");
            var table = new Markdown("benchmark", "mean", "± (99.9 %)", "unit");
            for (var score : dev.recordmetric.benchmarks.jmh.Microbenchmarks.run()) {
                table.row(score.benchmark(), String.format(Locale.ROOT, "%.1f", score.mean()),
                        String.format(Locale.ROOT, "%.1f", score.error()), score.unit());
            }
            out.append("## Microbenchmarks (JMH: 1 fork, 2 × 1 s warm-up, 3 × 1 s measured)\n\n").append(table).append('\n');
        }

        String shares = options.shares() ? shareSections(Optional.of(warm)) : "";
        out.append(targetsSection(listing, cold, heap, warm));
        out.append(shares);
        return out.toString();
    }

    /**
     * The figures at Lambda's CPU shares: cold starts, warm durations, cost by memory size, classes
     * loaded, the runtime client, the JVM-option experiments if asked for, and their targets.
     */
    private String shareSections(Optional<WarmResult> unthrottledWarm) throws Exception {
        var out = new StringBuilder();
        var shares = new CpuShareSection(options, fixture, probes);
        CpuShareSection.Result result = shares.measure();
        out.append(shares.coldSection(result)).append(shares.warmSection(result)).append(shares.costSection(result))
                .append(shares.classSection(result));
        Optional<RuntimeClientSection.Result> runtimeClient = Optional.empty();
        if (options.runtimeClient()) {
            var section = new RuntimeClientSection(options, fixture, probes);
            runtimeClient = Optional.of(section.measure());
            out.append(section.section(runtimeClient.get()));
        }
        if (options.jvmOptions()) {
            var section = new JvmOptionsSection(options, fixture, probes);
            out.append(section.section(section.measure()));
        }
        out.append(ShareTargets.section(result, runtimeClient, unthrottledWarm));
        return out.toString();
    }

    // ---------------------------------------------------------------- listing

    record ListingRow(int size, Map<String, Samples> times, Map<String, Long> requests, int builtMaxInFlight) {
    }

    static final String ORIGINAL = "sequential, 30/page (original)";
    static final String SEQ_100 = "sequential, 100/page";
    static final String BUILT = "as built";

    private ListingRow measureListing(int size) {
        fixture.latency(options.latency(), Duration.ZERO);
        String api = fixture.github.baseUrl();
        String org = Fixture.organization(size);
        var listers = new LinkedHashMap<String, Lister>();
        if (!options.builtListingOnly()) {
            listers.put(ORIGINAL, new SequentialLister(api, org, LABEL, 30));
            listers.put(SEQ_100, new SequentialLister(api, org, LABEL, 100));
        }
        var built = BenchmarkAccess.runnerLister(api, org, LABEL, 10);
        listers.put(BUILT, built::applyAsInt);

        var times = new LinkedHashMap<String, Samples>();
        var requests = new LinkedHashMap<String, Long>();
        int maxInFlight = 0;
        for (var entry : listers.entrySet()) {
            int iterations = entry.getKey().equals(ORIGINAL) && size >= 10_000 ? options.slowIterations() : options.iterations();
            progress("listing " + size + " runners: " + entry.getKey() + " × " + iterations);
            if (size <= 1000) {
                listOnce(entry.getValue(), size);
            }
            fixture.github.resetRequests();
            var nanos = new ArrayList<Long>();
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                listOnce(entry.getValue(), size);
                nanos.add(System.nanoTime() - start);
            }
            times.put(entry.getKey(), new Samples(nanos));
            requests.put(entry.getKey(), fixture.github.requestCount("/orgs/") / iterations);
            if (entry.getKey().equals(BUILT)) {
                maxInFlight = fixture.github.maxConcurrentRequests();
            }
        }
        return new ListingRow(size, times, requests, maxInFlight);
    }

    private static void listOnce(Lister lister, int expected) {
        int found = lister.list(Fixture.PAT);
        if (found != expected) {
            throw new IllegalStateException("a lister found " + found + " labelled runners instead of " + expected);
        }
    }

    private String listingSection(List<ListingRow> rows) {
        var table = new Markdown("runners", "original: sequential, 30/page", "sequential, 100/page",
                "as built: 100/page, ≤ 10 in flight", "speed-up vs original", "speed-up vs sequential-100");
        for (ListingRow row : rows) {
            Samples original = row.times().get(ORIGINAL);
            Samples seq100 = row.times().get(SEQ_100);
            Samples built = row.times().get(BUILT);
            table.row(Markdown.number(row.size()),
                    cell(original, row.requests().get(ORIGINAL)),
                    cell(seq100, row.requests().get(SEQ_100)),
                    cell(built, row.requests().get(BUILT)) + ", " + row.builtMaxInFlight() + " in flight at most",
                    Markdown.ratio((double) original.median() / built.median()),
                    Markdown.ratio((double) seq100.median() / built.median()));
        }
        return "## ListRunners: listing wall time\n\n"
                + "In one process against the fake GitHub with " + options.latency().toMillis() + " ms added to every"
                + " request. Each cell: median wall time of " + options.iterations() + " listings (sequential-30 at"
                + " 10,000 runners: " + options.slowIterations() + ", each takes half a minute), after one untimed"
                + " warm-up listing for fleets up to 1,000, and GitHub requests per listing. All three listers"
                + " must find every labelled runner. The fake serves with TCP_NODELAY (" + NODELAY + "="
                + System.getProperty(NODELAY, "false") + "): otherwise Nagle's algorithm and delayed ACKs add"
                + " about 40 ms to every response on loopback.\n\n" + table + '\n';
    }

    private static String cell(Samples samples, long requests) {
        return Markdown.duration(samples.median()) + " (" + requests + " req)";
    }

    // ---------------------------------------------------------------- cold start

    record ProbeCase(String title, Path jar, String handler, String functionName, Map<String, String> env, String input) {
    }

    record ColdStart(ProbeCase probe, Samples wall, Samples init, Samples firstInvoke, String command) {
    }

    private List<ProbeCase> coldCases() {
        int small = options.sizes().get(0);
        String listInput = "{\"sealedToken\":\"" + fixture.sealedPat() + "\",\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}";
        String tokenInput = "{\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}";
        return List.of(
                new ProbeCase("ListRunners (" + small + " runners)", listRunnersJar,
                        "dev.recordmetric.listrunners.ListRunnersHandler", "record-metric-list-runners",
                        fixture.listRunnersEnv(small), listInput),
                new ProbeCase("GetToken, personal access token", getTokenJar,
                        "dev.recordmetric.gettoken.GetTokenHandler", "record-metric-get-token",
                        fixture.getTokenPatEnv(small), tokenInput),
                new ProbeCase("GetToken, GitHub App (mints a token)", getTokenJar,
                        "dev.recordmetric.gettoken.GetTokenHandler", "record-metric-get-token",
                        fixture.getTokenAppEnv(small), tokenInput));
    }

    private Map<String, ColdStart> measureColdStarts() {
        fixture.latency(Duration.ZERO, Duration.ZERO);
        var results = new LinkedHashMap<String, ColdStart>();
        for (ProbeCase probe : coldCases()) {
            progress("cold start: " + probe.title() + " × " + options.coldRuns());
            List<String> command = probes.command(probe.jar(), probe.handler(), probe.input(), 1, List.of());
            Map<String, String> env = probes.environment(probe.functionName(), probe.env());
            if (options.untimedFirst()) {
                check(probes.run(command, env), probe.title()); // untimed: warms the page cache
            }
            var wall = new ArrayList<Long>();
            var init = new ArrayList<Long>();
            var invoke = new ArrayList<Long>();
            for (int i = 0; i < options.coldRuns(); i++) {
                ProbeRunner.Run run = check(probes.run(command, env), probe.title());
                wall.add(run.wallNanos());
                init.add(run.stat("initNanos"));
                invoke.add(run.stat("firstInvokeNanos"));
            }
            results.put(probe.title(), new ColdStart(probe, new Samples(wall), new Samples(init), new Samples(invoke),
                    ProbeRunner.shell(command, env, options.root())));
        }
        return results;
    }

    private String runtimeClientColdStartSection() {
        fixture.latency(Duration.ZERO, Duration.ZERO);
        return RuntimeClientColdStarts.section(RuntimeClientColdStarts.measure(fixture, options, Main::progress),
                options.coldRuns());
    }

    static ProbeRunner.Run check(ProbeRunner.Run run, String what) {
        if (!run.ok()) {
            throw new IllegalStateException(what + " failed in a fresh JVM: " + run.failure());
        }
        return run;
    }

    private String coldStartSection(Map<String, ColdStart> cold) {
        var table = new Markdown("function", "median", "min", "max", "constructor (median)", "first handleRequest (median)");
        for (ColdStart start : cold.values()) {
            table.row(start.probe().title(), Markdown.duration(start.wall().median()), Markdown.duration(start.wall().min()),
                    Markdown.duration(start.wall().max()), Markdown.duration(start.init().median()),
                    Markdown.duration(start.firstInvoke().median()));
        }
        ColdStart first = cold.values().iterator().next();
        return "## Cold start: fresh JVM to first result\n\n"
                + "Median of " + options.coldRuns() + " fresh JVMs each (after one untimed run), timed from process start"
                + " to the line the probe prints when the first `handleRequest` returns. The class path is the"
                + " deployable jar and one probe class; the probe calls the public no-arg constructor (configuration"
                + " from the environment, as on Lambda) and `handleRequest` once. JVM flags "
                + String.join(" ", ProbeRunner.LAMBDA_JVM_FLAGS) + " (what Lambda's java21 runtime sets);"
                + " JDK " + Runtime.version().feature() + " with its default CDS archive of JDK classes, no AppCDS."
                + " The fakes answer without added latency here: this is the functions' own start-up cost (ListRunners"
                + " makes 1 KMS and 1 GitHub call; GetToken 1 Secrets Manager and 1 KMS call, plus 3 GitHub calls for"
                + " the App). Lambda's runtime client start-up is not included.\n\n"
                + table + "\nCommand (ListRunners; the others differ in jar, handler, input and environment):\n\n```\n"
                + first.command() + "\n```\n\n";
    }

    // ---------------------------------------------------------------- heap

    record HeapResult(int size, ProbeRunner.Run at64, Optional<Integer> smallestMb, List<Integer> tried) {
    }

    private HeapResult measureHeap() {
        int size = options.largest();
        fixture.latency(options.latency(), AWS_LATENCY);
        String input = "{\"sealedToken\":\"" + fixture.sealedPat() + "\",\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}";
        Map<String, String> env = probes.environment("record-metric-list-runners", fixture.listRunnersEnv(size));
        String handler = "dev.recordmetric.listrunners.ListRunnersHandler";
        progress("heap: " + size + " runners at -Xmx64m");
        ProbeRunner.Run at64 = probes.run(probes.command(listRunnersJar, handler, input, 3, List.of("-Xmx64m")), env);
        Optional<Integer> smallest = Optional.empty();
        var tried = new ArrayList<Integer>();
        if (options.heapSearch()) {
            for (int mb : List.of(8, 12, 16, 24, 32, 48)) {
                progress("heap: " + size + " runners at -Xmx" + mb + "m");
                tried.add(mb);
                ProbeRunner.Run run = probes.run(probes.command(listRunnersJar, handler, input, 1, List.of("-Xmx" + mb + "m")), env);
                if (run.ok()) {
                    smallest = Optional.of(mb);
                    break;
                }
            }
        }
        return new HeapResult(size, at64, smallest, tried);
    }

    private String heapSection(HeapResult heap) {
        var table = new Markdown("measure (" + Markdown.number(heap.size()) + " runners)", "value");
        ProbeRunner.Run run = heap.at64();
        table.row("ListRunners in a fresh JVM with -Xmx64m, 3 invocations", run.ok() ? "succeeds" : "**fails**: " + run.failure());
        if (run.ok()) {
            table.row("peak heap used (sum of the heap pools' peaks, an upper bound)", Markdown.megabytes(run.stat("heapPeakBytes")));
            table.row("garbage collections during those 3 invocations and start-up", run.stat("gcCount"));
            table.row("state output size", Markdown.number(run.stat("outputBytes")) + " bytes (Step Functions' limit: 262,144)");
        }
        if (!heap.tried().isEmpty()) {
            table.row("smallest -Xmx tried (" + heap.tried().stream().map(mb -> mb + "m").toList() + ") that lists them",
                    heap.smallestMb().map(mb -> mb + " MB").orElse("none below 64 MB"));
        }
        return "## Memory and output size\n\nThe deployable jar in a fresh JVM (flags as above), the fakes with "
                + options.latency().toMillis() + " ms per GitHub request. The sum of per-pool peaks overstates the"
                + " simultaneous peak; a young generation fills before it is collected, so the smallest heap that still"
                + " works is the sharper figure.\n\n" + table + '\n';
    }

    // ---------------------------------------------------------------- warm durations

    record Warm(String title, ProbeRunner.Run run) {
        long wall() {
            return run.stat("warmMedianNanos");
        }

        long cpu() {
            return run.stat("warmCpuNanos");
        }

        /** CPU time stretched to Lambda's share of a vCPU at 256 MB (1,769 MB = 1 vCPU); waiting unchanged. */
        long lambdaEstimate() {
            return wall() + (long) (cpu() * (Costs.VCPU_MB / (double) Costs.MEMORY_MB - 1));
        }
    }

    record WarmResult(Map<Integer, Warm> listRunners, Warm getTokenApp, Warm getTokenPat, long warmAppMints,
            int simulatedMinutes, long simulatedMints) {
    }

    private WarmResult measureWarm() {
        fixture.latency(options.latency(), AWS_LATENCY);
        int invocations = options.warmInvocations() + 1;
        String listInput = "{\"sealedToken\":\"" + fixture.sealedPat() + "\",\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}";
        String tokenInput = "{\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}";
        var lists = new LinkedHashMap<Integer, Warm>();
        for (int size : options.sizes()) {
            progress("warm: ListRunners " + size + " × " + invocations);
            var run = check(probes.run(probes.command(listRunnersJar, "dev.recordmetric.listrunners.ListRunnersHandler",
                    listInput, invocations, List.of()), probes.environment("record-metric-list-runners",
                    fixture.listRunnersEnv(size))), "ListRunners");
            lists.put(size, new Warm("ListRunners, " + Markdown.number(size) + " runners", run));
        }
        int small = options.sizes().get(0);
        progress("warm: GetToken (App) × " + invocations);
        long mintsBefore = fixture.github.mintedTokens().size();
        var app = check(probes.run(probes.command(getTokenJar, "dev.recordmetric.gettoken.GetTokenHandler", tokenInput,
                invocations, List.of()), probes.environment("record-metric-get-token", fixture.getTokenAppEnv(small))), "GetToken");
        long warmMints = fixture.github.mintedTokens().size() - mintsBefore - 1;
        progress("warm: GetToken (PAT) × " + invocations);
        var pat = check(probes.run(probes.command(getTokenJar, "dev.recordmetric.gettoken.GetTokenHandler", tokenInput,
                invocations, List.of()), probes.environment("record-metric-get-token", fixture.getTokenPatEnv(small))), "GetToken");

        progress("token cache over simulated time");
        fixture.latency(Duration.ZERO, Duration.ZERO);
        int minutes = 120;
        long simulatedMints = simulateTokenCache(small, minutes);
        return new WarmResult(lists, new Warm("GetToken, GitHub App (token cached)", app),
                new Warm("GetToken, personal access token", pat), warmMints, minutes, simulatedMints);
    }

    /** One GetToken (App) invocation a minute for {@code minutes} simulated minutes; returns the tokens minted. */
    private long simulateTokenCache(int size, int minutes) {
        var clock = new MutableClock(Instant.now());
        fixture.github.clock(clock);
        try {
            var handler = new GetTokenHandler(fixture.getTokenAppEnv(size), fixture.clients.secretsManager(),
                    fixture.clients.kms(), clock);
            long before = fixture.github.mintedTokens().size();
            byte[] input = ("{\"executionArn\":\"" + Fixture.EXECUTION_ARN + "\"}").getBytes(StandardCharsets.UTF_8);
            for (int minute = 0; minute < minutes; minute++) {
                handler.handleRequest(new ByteArrayInputStream(input), new ByteArrayOutputStream(), new RecordingLambdaContext());
                clock.advance(Duration.ofMinutes(1));
            }
            return fixture.github.mintedTokens().size() - before;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            fixture.github.clock(Clock.systemUTC());
        }
    }

    private String warmSection(WarmResult warm) {
        var table = new Markdown("invocation", "median wall time", "CPU time", "estimated Lambda duration at 256 MB");
        for (Warm w : warmRows(warm)) {
            table.row(w.title(), Markdown.duration(w.wall()), Markdown.duration(w.cpu()), Markdown.duration(w.lambdaEstimate()));
        }
        return "## Warm invocations\n\nThe deployable jar in one fresh JVM per row: one cold invocation, then "
                + options.warmInvocations() + " warm ones (median shown); the fakes add " + options.latency().toMillis()
                + " ms per GitHub request and " + AWS_LATENCY.toMillis() + " ms per AWS request. CPU time is the"
                + " probe process's (the fakes run in the parent) per warm invocation, JIT and GC threads included."
                + " Estimated Lambda duration = wall time + CPU time × (1,769 / 256 − 1): waiting is unchanged, CPU work"
                + " runs on the 256/1,769 share of a vCPU that Lambda gives 256 MB.\n\n" + table
                + "\nGitHub App tokens minted by the " + options.warmInvocations() + " warm GetToken invocations: **"
                + warm.warmAppMints() + "**. Over " + warm.simulatedMinutes() + " simulated one-minute runs of one warm"
                + " instance (1-hour tokens, reused while more than 10 minutes are left): **" + warm.simulatedMints()
                + " tokens minted**, one per 50 minutes.\n\n";
    }

    static List<Warm> warmRows(WarmResult warm) {
        var rows = new ArrayList<Warm>(warm.listRunners().values());
        rows.add(warm.getTokenApp());
        rows.add(warm.getTokenPat());
        return rows;
    }

    // ---------------------------------------------------------------- whole workflow

    record WorkflowResult(Map<Integer, Samples> perExecution, List<String> statesEntered) {
    }

    /**
     * The state machine on the local engine (statemachine module: aws-local-stepfunctions under
     * Node.js) with the real handlers, GitHub App credentials, the fakes' latency as above. Per
     * fleet size one engine; one untimed execution (it mints the App token and warms the JVM and
     * the engine), then timed executions, each from start to the engine's end event as seen here.
     */
    private WorkflowResult measureWorkflow() {
        var perExecution = new LinkedHashMap<Integer, Samples>();
        List<String> states = List.of();
        var files = new StateMachineFiles(options.root().resolve("statemachine"));
        for (int size : options.sizes()) {
            progress("whole workflow: " + size + " runners × " + options.iterations());
            try (var backends = FakeBackends.start(Fixture.organization(size), Fixture.INSTALLATION_LABEL)) {
                KeyPair keys = TestKeys.rsaKeyPair();
                backends.useApp(keys, TestKeys.pkcs1Pem(keys.getPrivate()));
                backends.organization().setRunners(FakeRunners.generate(size, Fixture.INSTALLATION_LABEL));
                backends.github().rateLimit(10_000_000).latency(options.latency());
                backends.aws().latency(AWS_LATENCY);
                try (LocalWorkflow workflow = backends.workflow().files(files).start()) {
                    states = succeeded(workflow.run(Overrides.NONE), size).result().statesEntered();
                    var nanos = new ArrayList<Long>();
                    for (int i = 0; i < options.iterations(); i++) {
                        long start = System.nanoTime();
                        succeeded(workflow.run(Overrides.NONE), size);
                        nanos.add(System.nanoTime() - start);
                    }
                    perExecution.put(size, new Samples(nanos));
                }
            }
        }
        return new WorkflowResult(perExecution, states);
    }

    private static LocalWorkflow.Run succeeded(LocalWorkflow.Run run, int size) {
        if (run.status() != ExecutionStatus.SUCCEEDED) {
            throw new IllegalStateException("the workflow " + run.status() + " with " + size + " runners: "
                    + run.result().error() + " " + run.result().cause());
        }
        return run;
    }

    private String workflowSection(WorkflowResult workflow) {
        var table = new Markdown("runners", "per execution (median)", "min", "max");
        workflow.perExecution().forEach((size, samples) -> table.row(Markdown.number(size),
                Markdown.duration(samples.median()), Markdown.duration(samples.min()), Markdown.duration(samples.max())));
        return "## Whole workflow on the local engine\n\n"
                + "`terraform/templates/record-metric.asl.json` on the local engine (aws-local-stepfunctions under Node.js),"
                + " the real handlers in this JVM behind its Lambda Invoke endpoint, PutMetricData served locally,"
                + " GitHub App credentials (the token cached after the untimed first execution), "
                + options.latency().toMillis() + " ms per GitHub request and " + AWS_LATENCY.toMillis()
                + " ms per AWS request. Once the engine is up: median of " + options.iterations() + " executions,"
                + " each from start to its end event. States entered: " + String.join(" → ", workflow.statesEntered())
                + ".\n\n" + table + '\n';
    }

    // ---------------------------------------------------------------- targets

    private String targetsSection(List<ListingRow> listing, Map<String, ColdStart> cold, HeapResult heap, WarmResult warm) {
        var table = new Markdown("target", "measured", "");
        for (ListingRow row : listing) {
            long built = row.times().get(BUILT).median();
            if (row.size() == 10_000) {
                table.row("10,000 runners listed in ≤ 1.5 s", Markdown.duration(built), Markdown.met(built <= 1_500_000_000L));
                double speedUp = (double) row.times().get(ORIGINAL).median() / built;
                table.row("≥ 20× the original at 10,000 runners", Markdown.ratio(speedUp), Markdown.met(speedUp >= 20));
            }
            if (row.size() == 500) {
                table.row("500 runners listed in ≤ 0.4 s", Markdown.duration(built), Markdown.met(built <= 400_000_000L));
            }
        }
        if (heap.at64().ok()) {
            table.row("peak heap for " + Markdown.number(heap.size()) + " runners ≤ 64 MB",
                    "runs in -Xmx64m" + heap.smallestMb().map(mb -> "; works down to -Xmx" + mb + "m").orElse(""), Markdown.met(true));
        } else {
            table.row("peak heap ≤ 64 MB", "fails in -Xmx64m", Markdown.met(false));
        }
        for (ColdStart start : cold.values()) {
            long limit = start.probe().title().startsWith("ListRunners") ? 800_000_000L : 1_000_000_000L;
            table.row("cold start " + start.probe().title() + " ≤ " + Markdown.duration(limit),
                    Markdown.duration(start.wall().median()), Markdown.met(start.wall().median() <= limit));
        }
        table.row("warm App run makes zero token requests", warm.warmAppMints() + " mints in " + options.warmInvocations()
                + " warm runs", Markdown.met(warm.warmAppMints() == 0));
        table.row("at most one token request per 50 minutes", warm.simulatedMints() + " mints in " + warm.simulatedMinutes()
                + " minutes", Markdown.met(warm.simulatedMints() <= (warm.simulatedMinutes() + 49) / 50));
        return "## Targets\n\n" + table + '\n';
    }

    // ---------------------------------------------------------------- misc

    /** For profiling by hand: starts the fakes, prints ListRunners' environment and input, and waits. */
    private static void serve() throws InterruptedException {
        var fixture = new Fixture(List.of(100));
        var probes = new ProbeRunner(fixture);
        probes.environment("record-metric-list-runners", fixture.listRunnersEnv(100))
                .forEach((name, value) -> System.out.println("export " + name + "='" + value + "'"));
        System.out.println("INPUT='{\"sealedToken\":\"" + fixture.sealedPat() + "\",\"executionArn\":\""
                + Fixture.EXECUTION_ARN + "\"}'");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException | RuntimeException ignored) {
            // not Linux: leave it unknown
        }
        String load = "";
        try {
            load = " Load average when the run started (other work on the machine slows every figure): "
                    + String.join(", ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3))
                    + " (1, 5, 15 min).";
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + System.getProperty("java.vm.vendor") + " JDK " + System.getProperty("java.runtime.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "." + load + "\n";
    }

    static void progress(String message) {
        System.err.println("[benchmark] " + message);
    }
}
