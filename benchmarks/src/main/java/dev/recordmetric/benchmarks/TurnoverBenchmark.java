package dev.recordmetric.benchmarks;

import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeOrganization;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.FleetTruth;
import dev.recordmetric.fakes.FleetTurnover;
import dev.recordmetric.listrunners.BenchmarkAccess;
import dev.recordmetric.listrunners.BenchmarkAccess.ListingFigures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ListRunners under a moving fleet, in one process against the fake GitHub with a fixed latency
 * per request: the real lister ({@link BenchmarkAccess#listOnce}) as the handler builds it.
 *
 * <ul>
 *   <li><b>Concurrency</b>: listing time and requests of one still fleet at 1, 2, 4 and 10 pages in
 *       flight (median of {@code iterations} listings after one untimed).
 *   <li><b>Turnover</b>: {@code runs} runs of one warm lister under 0, 1 and 10 changes a second ({@link FleetTurnover}:
 *       deregistrations anywhere, registrations appended, busy flips), one every half second; per
 *       run whether it published, its time, its requests (and how many were 304), its published bound,
 *       and its error: how far each published count (busy, idle, offline) lies outside the range its
 *       true value took during the run ({@link FleetTruth}), the largest of the three.
 * </ul>
 *
 * <p>Run alone: {@code java -cp benchmarks/target/benchmarks.jar dev.recordmetric.benchmarks.TurnoverBenchmark
 * [--quick] [--sizes=1000,10000] [--runs=50] [--latency-ms=100] [--concurrency=4] [--rates=0,1,10]
 * [--concurrency-only | --turnover-only]}.
 */
final class TurnoverBenchmark {

    static final String LABEL = "installation_id:turnover";
    static final String TOKEN = "ghp_turnoverBenchmark0123456789abcdefgh";

    private final List<Integer> sizes;
    private final int iterations;
    private final int runs;
    private final Duration latency;
    private final int concurrency;
    private final List<Double> rates;
    private final List<Integer> concurrencies;

    TurnoverBenchmark(List<Integer> sizes, int iterations, int runs, Duration latency, int concurrency, List<Double> rates,
            List<Integer> concurrencies) {
        this.sizes = List.copyOf(sizes);
        this.iterations = iterations;
        this.runs = runs;
        this.latency = latency;
        this.concurrency = concurrency;
        this.rates = List.copyOf(rates);
        this.concurrencies = List.copyOf(concurrencies);
    }

    static TurnoverBenchmark of(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            values.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        boolean quick = values.containsKey("quick");
        return new TurnoverBenchmark(ints(values.getOrDefault("sizes", quick ? "250" : "1000,10000")),
                Integer.parseInt(values.getOrDefault("iterations", quick ? "1" : "5")),
                Integer.parseInt(values.getOrDefault("runs", quick ? "2" : "50")),
                Duration.ofMillis(Long.parseLong(values.getOrDefault("latency-ms", quick ? "5" : "100"))),
                Integer.parseInt(values.getOrDefault("concurrency", Integer.toString(BenchmarkAccess.defaultConcurrency()))),
                Arrays.stream(values.getOrDefault("rates", "0,1,10").split(",")).map(Double::parseDouble).toList(),
                ints(values.getOrDefault("concurrencies", "1,2,4,10")));
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    public static void main(String[] args) {
        System.setProperty(Main.NODELAY, "true");
        TurnoverBenchmark benchmark = of(args);
        List<String> given = List.of(args);
        var out = new StringBuilder();
        if (!given.contains("--turnover-only")) {
            out.append(benchmark.concurrencySection());
        }
        if (!given.contains("--concurrency-only")) {
            out.append(benchmark.turnoverSection());
        }
        System.out.print(out);
        System.out.flush();
        System.exit(0);
    }

    String concurrencySection() {
        var table = new Markdown("runners", "pages in flight", "listing time (median)", "min", "max", "requests",
                "of them 304", "in flight at most");
        for (int size : sizes) {
            for (int inFlight : concurrencies) {
                try (FakeGitHub github = github(size)) {
                    String api = github.baseUrl();
                    BenchmarkAccess.listOnce(api, "acme", LABEL, inFlight, TOKEN);
                    github.resetRequests();
                    var nanos = new ArrayList<Long>();
                    ListingFigures last = null;
                    for (int i = 0; i < iterations; i++) {
                        last = BenchmarkAccess.listOnce(api, "acme", LABEL, inFlight, TOKEN);
                        nanos.add(last.nanos());
                    }
                    progress(size + " runners, " + inFlight + " in flight: " + Markdown.duration(new Samples(nanos).median()));
                    var samples = new Samples(nanos);
                    table.row(Markdown.number(size), inFlight, Markdown.duration(samples.median()),
                            Markdown.duration(samples.min()), Markdown.duration(samples.max()), last.requests(),
                            last.notModified(), github.maxConcurrentRequests());
                }
            }
        }
        return "## ListRunners: pages in flight\n\nA still fleet, " + latency.toMillis() + " ms per GitHub request, "
                + iterations + " listings each (median, after one untimed). Both passes are counted: the second asks every"
                + " page again with If-None-Match and is answered 304.\n\n" + table + '\n';
    }

    String turnoverSection() {
        var table = new Markdown("runners", "changes / s", "runs published / started", "listing time (median / max)",
                "requests per run (median / max)", "of them 304 (median)", "second pass made", "bound (p50 / p99 / max)",
                "bound as % of the pool (max)", "error outside the truth's range (p50 / p99 / max)", "error > bound");
        for (int size : sizes) {
            for (double rate : rates) {
                table.row(turnoverRow(size, rate));
            }
        }
        return "## ListRunners under runner turnover\n\n" + runs + " runs per row, one every 500 ms, " + latency.toMillis()
                + " ms per GitHub request, " + concurrency + " pages in flight; changes at random (deregistrations anywhere,"
                + " registrations appended, busy flips). Error: how far a published count (busy, idle or offline) lies"
                + " outside the range its true value took between the run's first request and its last answer, the largest"
                + " of the three per run; bound: the published RunnerCountUncertainty.\n\n" + table + '\n';
    }

    private Object[] turnoverRow(int size, double rate) {
        int published = 0;
        int secondPasses = 0;
        int overBound = 0;
        var nanos = new ArrayList<Long>();
        var requests = new ArrayList<Long>();
        var notModified = new ArrayList<Long>();
        var bounds = new ArrayList<Long>();
        var errors = new ArrayList<Long>();
        try (FakeGitHub github = github(size);
                FleetTurnover turnover = FleetTurnover.start(github.organization("acme"), List.of(LABEL), rate, size * 31L + (long) rate)) {
            var lister = BenchmarkAccess.warmLister(github.baseUrl(), "acme", LABEL, concurrency);
            for (int run = 0; run < runs; run++) {
                ListingFigures figures = lister.apply(TOKEN);
                if (figures.published()) {
                    published++;
                    nanos.add(figures.nanos());
                    requests.add((long) figures.requests());
                    notModified.add((long) figures.notModified());
                    bounds.add((long) figures.bound());
                    secondPasses += figures.secondPass() ? 1 : 0;
                    long error = 0;
                    for (FleetTruth.State state : FleetTruth.State.values()) {
                        FleetTruth.Range range = turnover.truth().range(LABEL, state, figures.startNanos(), figures.endNanos());
                        error = Math.max(error, range.distance(figures.counts()[state.ordinal()]));
                    }
                    errors.add(error);
                    overBound += error > figures.bound() ? 1 : 0;
                } else {
                    progress("run failed: " + figures.error());
                }
                pause(Duration.ofMillis(500));
            }
        }
        progress(size + " runners, " + rate + " changes/s: " + published + "/" + runs + " published");
        long maxBound = bounds.stream().mapToLong(Long::longValue).max().orElse(0);
        return new Object[] {Markdown.number(size), rate, published + " / " + runs,
                nanos.isEmpty() ? "-" : Markdown.duration(new Samples(nanos).median()) + " / " + Markdown.duration(new Samples(nanos).max()),
                requests.isEmpty() ? "-" : new Samples(requests).median() + " / " + new Samples(requests).max(),
                notModified.isEmpty() ? "-" : new Samples(notModified).median(),
                secondPasses + " / " + published,
                percentiles(bounds), String.format("%.2f %%", 100.0 * maxBound / size), percentiles(errors), overBound};
    }

    private static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "-";
        }
        var sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2) + " / " + sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) + " / "
                + sorted.getLast();
    }

    private FakeGitHub github(int size) {
        FakeGitHub github = FakeGitHub.start().acceptToken(TOKEN, "admin:org").rateLimit(10_000_000).latency(latency);
        FakeOrganization org = github.organization("acme");
        org.setRunners(FakeRunners.generate(size, "turnover"));
        return github;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void progress(String message) {
        System.err.println("[benchmark] " + message);
    }
}
