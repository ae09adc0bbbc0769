package dev.recordmetric.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How large an organization ListRunners lists within its task's time budget: at each fleet size
 * ({@code --sizes}) and memory size ({@code --memory-sizes}), a cold start with the init capped at
 * Lambda's CPU share and warm invocations in the same quota, against the ListRunners state's
 * {@code TimeoutSeconds} read from the definition. The function ends its own calls one second
 * before that ({@code InvocationBudget}), so a listing must end within {@code TimeoutSeconds − 1}.
 * Run alone with {@code --only=listing-budget}.
 */
final class ListingBudgetSection {

    /** What the function keeps back from the attempt to answer (InvocationBudget's margin). */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);

    /** GitHub's primary rate limits an hour ("Rate limits for the REST API"): PAT or minimal App, large App, Enterprise Cloud. */
    static final List<Integer> HOURLY_BUDGETS = List.of(5_000, 12_500, 15_000);

    record Row(int runners, int memoryMb, long requestsPerListing, int maxInFlight, Samples cold, Samples warm, double load) {
    }

    record Result(String quotaNote, int taskTimeoutSeconds, List<Row> rows) {
    }

    private final Main.Options options;
    private final Fixture fixture;
    private final ProbeRunner probes;

    ListingBudgetSection(Main.Options options, Fixture fixture, ProbeRunner probes) {
        this.options = options;
        this.fixture = fixture;
        this.probes = probes;
    }

    Result measure() throws IOException {
        fixture.latency(options.latency(), Main.AWS_LATENCY);
        int timeout = ShareCase.taskTimeout(options.root(), "ListRunners");
        var all = ShareCase.all(options.root(), fixture, options.sizes());
        ShareCase template = all.get(0);
        int warmPerRun = Math.max(1, (options.warmInvocations() + options.coldRuns() - 1) / options.coldRuns());
        var rows = new ArrayList<Row>();
        try (CpuQuota quota = CpuQuota.detect()) {
            String note = quota.unavailable().map(why -> "**No CPU quota could be applied (" + why
                    + "): every figure is unthrottled** and understates Lambda's.")
                    .orElse("CPU quota: " + quota.controller() + ".");
            for (int memoryMb : options.memorySizes()) {
                for (int size : options.sizes()) {
                    String path = "/orgs/" + Fixture.organization(size) + "/actions/runners";
                    var cold = new ArrayList<Long>();
                    var warm = new ArrayList<Long>();
                    var loads = new ArrayList<Double>();
                    long requests = 0;
                    int inFlight = 0;
                    for (int run = 0; run < options.coldRuns(); run++) {
                        Main.progress("listing budget at " + memoryMb + " MB: " + Markdown.number(size) + " runners (run "
                                + (run + 1) + " of " + options.coldRuns() + ")");
                        loads.add(CpuShareSection.loadAverage());
                        fixture.github.resetRequests();
                        List<String> command = probes.command(template.jar(), template.handler(), template.input(),
                                1 + warmPerRun, ProbeRunner.memoryFlags(memoryMb));
                        Optional<CpuQuota.Group> group = quota.group(memoryMb);
                        ProbeRunner.Run probe = Main.check(probes.run(group.map(g -> CpuQuota.startInside(g, command)).orElse(command),
                                probes.environment(template.functionName(), fixture.listRunnersEnv(size), memoryMb)),
                                Markdown.number(size) + " runners");
                        cold.add(probe.wallNanos());
                        warm.add(probe.stat("warmMedianNanos"));
                        requests = fixture.github.requestCount(path) / (1 + warmPerRun);
                        inFlight = Math.max(inFlight, fixture.github.maxConcurrentRequests());
                    }
                    loads.sort(null);
                    rows.add(new Row(size, memoryMb, requests, inFlight, new Samples(cold), new Samples(warm),
                            loads.get(loads.size() / 2)));
                }
            }
            return new Result(note, timeout, rows);
        }
    }

    String section(Result result) {
        long budget = Duration.ofSeconds(result.taskTimeoutSeconds()).minus(ANSWER_MARGIN).toNanos();
        var table = new Markdown("runners", "memory (CPU share)", "GitHub requests per listing (at most in flight)",
                "cold start, init capped: median (min–max)", "warm listing: median (min–max)",
                "warm within " + Markdown.duration(budget), "cold within " + result.taskTimeoutSeconds() + " s",
                "requests / h at one run a minute", "load");
        for (Row row : result.rows()) {
            long hourly = 60 * row.requestsPerListing();
            table.row(Markdown.number(row.runners()), CpuShareSection.share(row.memoryMb()),
                    Markdown.number(row.requestsPerListing()) + " (" + row.maxInFlight() + ")",
                    range(row.cold()), range(row.warm()),
                    row.warm().median() <= budget ? "yes" : "**no**",
                    row.cold().median() <= Duration.ofSeconds(result.taskTimeoutSeconds()).toNanos() ? "yes" : "**no**",
                    Markdown.number(hourly) + " (" + fits(hourly) + ")", CpuShareSection.load(row.load()));
        }
        return "## ListRunners' time budget by organization size\n\n" + result.quotaNote() + " ListRunners' deployable jar"
                + " in a fresh JVM per run, in the CPU quota of the memory size from its first instruction (init capped),"
                + " listing an organization of that many runners (pages of 100) on the fake GitHub, which adds "
                + options.latency().toMillis() + " ms to every request; then warm invocations in the same JVM and quota."
                + " Cold: process start to the first result (JVM start-up, constructor, one KMS call, the listing). Warm:"
                + " the median of each run's warm invocations. Runs per row: " + options.coldRuns() + ". The ListRunners"
                + " state's `TimeoutSeconds` is " + result.taskTimeoutSeconds() + " s (read from the definition); the"
                + " function ends its own calls " + ANSWER_MARGIN.toSeconds() + " s before, so a warm listing must end within "
                + Markdown.duration(budget) + ". The budgets in the last column are GitHub's primary rate limits an hour"
                + " (5,000 for a personal access token or a small App installation, 12,500 for a large one, 15,000 on"
                + " Enterprise Cloud).\n\n" + table + '\n';
    }

    private static String range(Samples samples) {
        return Markdown.duration(samples.median()) + " (" + Markdown.duration(samples.min()) + "–"
                + Markdown.duration(samples.max()) + ")";
    }

    private static String fits(long hourly) {
        var fitting = HOURLY_BUDGETS.stream().filter(budget -> hourly <= budget).map(Markdown::number).toList();
        return fitting.isEmpty() ? "**exceeds 15,000**" : "fits " + String.join(", ", fitting);
    }
}
