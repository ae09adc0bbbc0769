package dev.recordmetric.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Cold starts and warm invocations at the CPU share Lambda gives each memory size (a cgroup CPU
 * quota on the probe process only, {@link CpuQuota}), the monthly cost of each memory size at the
 * measured durations, and the classes each function loads at cold start.
 *
 * <p>Two cold-start cases: the whole process in the quota from its first instruction ("init
 * capped"), and the JVM start-up and constructor unthrottled, the probe moved into the quota
 * before its first {@code handleRequest} ("init uncapped"). AWS documents neither: the Lambda
 * developer guide says only that the Init phase is limited to 10 seconds; that init gets more
 * CPU is folklore (see the README). The defaults must be safe in the capped case.
 */
final class CpuShareSection {

    static final List<Integer> MEMORY_SIZES = List.of(256, 512, 1024, 1769);

    record ColdRow(ShareCase probe, int memoryMb, Samples cappedInit, Samples cappedInvoke, Samples cappedTotal,
            Samples uncappedInit, Samples uncappedInvoke, Samples uncappedTotal, double load) {
    }

    record WarmRow(ShareCase probe, String title, int memoryMb, long wallMedian, long cpuPerInvocation, double load) {
    }

    record Result(List<Integer> memorySizes, int runs, String quotaNote, boolean throttled, List<ColdRow> cold,
            List<WarmRow> warm, List<ClassCounts> classes) {

        ColdRow cold(String title, int memoryMb) {
            return cold.stream().filter(r -> r.probe().title().equals(title) && r.memoryMb() == memoryMb).findFirst().orElseThrow();
        }

        WarmRow warm(String title, int memoryMb) {
            return warm.stream().filter(r -> r.title().equals(title) && r.memoryMb() == memoryMb).findFirst().orElseThrow();
        }
    }

    private final Fixture fixture;
    private final ProbeRunner probes;
    private final Main.Options options;
    private final List<Integer> memorySizes;

    CpuShareSection(Main.Options options, Fixture fixture, ProbeRunner probes) {
        this.options = options;
        this.fixture = fixture;
        this.probes = probes;
        this.memorySizes = options.memorySizes();
    }

    Result measure() throws IOException {
        fixture.latency(options.latency(), Main.AWS_LATENCY);
        List<ShareCase> cases = ShareCase.of(options, fixture);
        try (CpuQuota quota = CpuQuota.detect()) {
            String note = quota.unavailable().map(why -> "**No CPU quota could be applied: " + why
                    + ". Every figure below is unthrottled**, so it understates Lambda's.")
                    .orElse("CPU quota: " + quota.controller() + ", period " + CpuQuota.PERIOD_US + " µs; "
                            + String.join(", ", memorySizes.stream().map(mb -> Markdown.number(mb) + " MB = "
                                    + Markdown.number(CpuQuota.quotaUs(mb)) + " µs").toList()) + ".");
            Main.progress(note);
            var warm = new ArrayList<WarmRow>();
            List<ColdRow> cold = measureCold(cases, quota, warm);
            var classes = new ArrayList<ClassCounts>();
            for (ShareCase probe : cases) {
                Main.progress("classes loaded: " + probe.title());
                classes.add(ClassCounts.measure(probes, probe, memorySizes.get(0)));
            }
            return new Result(memorySizes, options.coldRuns(), note, quota.unavailable().isEmpty(), cold, warm, classes);
        }
    }

    /**
     * Cold starts, init capped and uncapped, repetitions outermost so that a change in the machine's
     * load spreads over every row. Each capped run goes on with {@link #warmPerRun} warm invocations
     * in the same quota: their medians, over the runs, are {@code warm}'s rows.
     */
    private List<ColdRow> measureCold(List<ShareCase> cases, CpuQuota quota, List<WarmRow> warm) throws IOException {
        if (options.untimedFirst()) {
            for (ShareCase probe : cases) {
                Main.progress("cold start at CPU shares: untimed run of " + probe.title());
                Main.check(probes.run(probes.command(probe.jar(), probe.handler(), probe.input(), 1,
                        ProbeRunner.memoryFlags(memorySizes.get(0))), env(probe, memorySizes.get(0))), probe.title());
            }
        }
        var cells = new LinkedHashMap<String, Cell>();
        for (int run = 0; run < options.coldRuns(); run++) {
            for (ShareCase probe : cases) {
                for (int memoryMb : memorySizes) {
                    Main.progress("cold start at " + memoryMb + " MB share: " + probe.title() + " (run " + (run + 1)
                            + " of " + options.coldRuns() + ")");
                    Cell cell = cells.computeIfAbsent(probe.title() + "@" + memoryMb, k -> new Cell());
                    cell.loads.add(loadAverage());
                    var group = quota.group(memoryMb);
                    List<String> flags = ProbeRunner.memoryFlags(memoryMb);
                    List<String> capped = probes.command(probe.jar(), probe.handler(), probe.input(), 1 + warmPerRun(), flags);
                    ProbeRunner.Run a = Main.check(probes.run(group.map(g -> CpuQuota.startInside(g, capped)).orElse(capped),
                            env(probe, memoryMb)), probe.title());
                    LongConsumer intoQuota = pid -> group.ifPresent(g -> CpuQuota.move(pid, g));
                    ProbeRunner.Run b = Main.check(probes.run(probes.command(probe.jar(), probe.handler(), probe.input(), 1,
                            flags, true), env(probe, memoryMb), intoQuota), probe.title());
                    cell.samples.get(0).add(a.constructedNanos());
                    cell.samples.get(1).add(a.firstInvokeWallNanos());
                    cell.samples.get(2).add(a.wallNanos());
                    cell.samples.get(3).add(b.constructedNanos());
                    cell.samples.get(4).add(b.firstInvokeWallNanos());
                    cell.samples.get(5).add(b.wallNanos());
                    cell.warm.add(a.stat("warmMedianNanos"));
                    cell.warmCpu.add(a.stat("warmCpuNanos"));
                }
            }
        }
        var rows = new ArrayList<ColdRow>();
        for (ShareCase probe : cases) {
            for (int memoryMb : memorySizes) {
                Cell cell = cells.get(probe.title() + "@" + memoryMb);
                var c = cell.samples;
                rows.add(new ColdRow(probe, memoryMb, new Samples(c.get(0)), new Samples(c.get(1)), new Samples(c.get(2)),
                        new Samples(c.get(3)), new Samples(c.get(4)), new Samples(c.get(5)), median(cell.loads)));
                // An App's first invocation mints; the warm ones reuse the token.
                String title = probe.mintsAppToken() ? "GetToken, GitHub App (token cached)" : probe.title();
                warm.add(new WarmRow(probe, title, memoryMb, new Samples(cell.warm).median(),
                        new Samples(cell.warmCpu).median(), cell.loads.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
            }
        }
        return rows;
    }

    /** Warm invocations after each capped cold start: {@code --warm-invocations} spread over the runs. */
    private int warmPerRun() {
        return Math.max(1, (options.warmInvocations() + options.coldRuns() - 1) / options.coldRuns());
    }

    /** One cell's samples: capped init, invoke, total; uncapped init, invoke, total; the warm medians and CPU. */
    private static final class Cell {
        final List<List<Long>> samples = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
        final List<Long> warm = new ArrayList<>();
        final List<Long> warmCpu = new ArrayList<>();
        final List<Double> loads = new ArrayList<>();
    }

    private Map<String, String> env(ShareCase probe, int memoryMb) {
        return probes.environment(probe.functionName(), probe.env(), memoryMb);
    }

    // ---------------------------------------------------------------- report

    String coldSection(Result result) {
        var table = new Markdown("function", "memory (CPU share)", "init capped: JVM start + constructor",
                "first handleRequest", "cold start (min–max)", "init uncapped: JVM start + constructor",
                "first handleRequest (capped)", "cold start", "task timeout", "capped cold start ≤ half of it", "load");
        for (ColdRow row : result.cold()) {
            long halfTimeout = Duration.ofSeconds(row.probe().taskTimeoutSeconds()).toNanos() / 2;
            table.row(row.probe().title(), share(row.memoryMb()),
                    Markdown.duration(row.cappedInit().median()), Markdown.duration(row.cappedInvoke().median()),
                    Markdown.duration(row.cappedTotal().median()) + " (" + Markdown.duration(row.cappedTotal().min()) + "–"
                            + Markdown.duration(row.cappedTotal().max()) + ")",
                    Markdown.duration(row.uncappedInit().median()), Markdown.duration(row.uncappedInvoke().median()),
                    Markdown.duration(row.uncappedTotal().median()),
                    row.probe().taskTimeoutSeconds() + " s", row.cappedTotal().median() <= halfTimeout ? "yes" : "**no**",
                    load(row.load()));
        }
        return "## Cold start at Lambda's CPU share\n\n" + result.quotaNote() + " Lambda gives a function CPU in proportion"
                + " to its memory, one vCPU at 1,769 MB (AWS Lambda Developer Guide, \"Configure Lambda function memory\")."
                + " Median of " + result.runs() + " fresh JVMs per cell (after one untimed run per function), timed here"
                + " from process start; the fakes, in this process and unthrottled, add " + options.latency().toMillis()
                + " ms to every GitHub request and " + Main.AWS_LATENCY.toMillis() + " ms to every AWS request."
                + " *Init capped*: the probe JVM is in the quota from its first instruction (started through"
                + " `sh -c 'echo $$ > <group>/cgroup.procs && exec java …'`). *Init uncapped*: JVM start-up and"
                + " constructor on the whole machine, then the probe is moved into the quota before its first"
                + " `handleRequest`. AWS does not document more CPU for the init phase; the defaults must hold in"
                + " the capped case. JVM flags: " + String.join(" ", ProbeRunner.LAMBDA_JVM_FLAGS) + " plus, per memory"
                + " size, " + String.join(" ", ProbeRunner.memoryFlags(256)) + " (shown for 256 MB). Load: the 1-minute"
                + " load average when the cell's runs started (median).\n\n" + table + '\n';
    }

    String warmSection(Result result) {
        var header = new ArrayList<String>(List.of("invocation"));
        result.memorySizes().forEach(mb -> header.add(share(mb)));
        header.add("load");
        var table = new Markdown(header.toArray(String[]::new));
        var titles = result.warm().stream().map(WarmRow::title).distinct().toList();
        for (String title : titles) {
            var cells = new ArrayList<Object>(List.of(title));
            double load = 0;
            for (int mb : result.memorySizes()) {
                WarmRow row = result.warm(title, mb);
                cells.add(Markdown.duration(row.wallMedian()) + " (CPU " + Markdown.duration(row.cpuPerInvocation()) + ")");
                load = Math.max(load, row.load());
            }
            cells.add(load(load));
            table.row(cells.toArray());
        }
        return "## Warm invocations at Lambda's CPU share\n\nEach capped cold start above goes on, in the same JVM and quota,"
                + " with " + warmPerRun() + " warm invocations: the median over the " + options.coldRuns() + " runs of each"
                + " run's median wall time (this is the Lambda duration at that memory size: the quota makes CPU work as"
                + " slow as Lambda would), and of the probe's CPU time per warm invocation. The fakes add " + options.latency().toMillis() + " ms per GitHub request and "
                + Main.AWS_LATENCY.toMillis() + " ms per AWS request. Load: the highest 1-minute load average at the"
                + " start of the row's runs.\n\n" + table + '\n';
    }

    String costSection(Result result) {
        String app = "GetToken, GitHub App (token cached)";
        var lists = result.warm().stream().filter(r -> r.probe().listsRunners()).map(WarmRow::title).distinct().toList();
        var header = new ArrayList<String>(List.of("memory (CPU share)"));
        for (String list : lists) {
            header.add(list.replace("ListRunners, ", "") + ": GB-s / month");
            header.add("x86");
            header.add("arm64");
        }
        header.add("one cold start of both functions, capped init (x86)");
        var table = new Markdown(header.toArray(String[]::new));
        for (int mb : result.memorySizes()) {
            var cells = new ArrayList<Object>(List.of(share(mb)));
            long tokenMs = billedMs(result.warm(app, mb).wallMedian());
            for (String list : lists) {
                long listMs = billedMs(result.warm(list, mb).wallMedian());
                double gbSeconds = (tokenMs + listMs) / 1000.0 * mb / 1024.0 * Costs.EXECUTIONS_PER_MONTH;
                double requests = 2.0 * Costs.EXECUTIONS_PER_MONTH * Costs.LAMBDA_PER_REQUEST;
                cells.add(String.format(Locale.ROOT, "%,.0f", gbSeconds));
                cells.add(Markdown.dollars(gbSeconds * Costs.LAMBDA_X86_GB_SECOND + requests));
                cells.add(Markdown.dollars(gbSeconds * Costs.LAMBDA_ARM_GB_SECOND + requests));
            }
            long coldNanos = result.cold().stream().filter(r -> r.memoryMb() == mb
                    && (r.probe().mintsAppToken() || r.probe().title().equals(lists.get(lists.size() - 1))))
                    .mapToLong(r -> r.cappedTotal().median()).sum();
            cells.add(Markdown.dollars(coldNanos / 1e9 * mb / 1024.0 * Costs.LAMBDA_X86_GB_SECOND));
            table.row(cells.toArray());
        }
        return "## Lambda cost per month by memory size\n\n" + Markdown.number(Costs.EXECUTIONS_PER_MONTH)
                + " executions (one a minute, 30 days), each one warm GetToken (App, token cached) and one warm"
                + " ListRunners at the durations measured above at that memory size, billed per ms at $0.0000166667"
                + " (x86) or $0.0000133334 (arm64) per GB-s, plus $0.20 per million requests. arm64 is priced at the x86"
                + " durations measured here. Since August 2025 Lambda bills the init phase too; the last column prices"
                + " one cold start of GetToken (minting) and ListRunners (largest fleet) at the capped figures: a few a"
                + " day change nothing. Step Functions, KMS, Secrets Manager and CloudWatch do not depend on the memory"
                + " size (see the cost table above).\n\n" + table + '\n';
    }

    String classSection(Result result) {
        var table = new Markdown("function", "classes loaded", "in JVM start + constructor", "in first handleRequest",
                "JDK", "AWS SDK", "Jackson", "github-api", "jjwt", "project", "generated (lambdas, proxies)", "other");
        for (ClassCounts counts : result.classes()) {
            table.row(counts.title(), Markdown.number(counts.total()), Markdown.number(counts.beforeInvoke()),
                    Markdown.number(counts.inInvoke()), Markdown.number(counts.origin("JDK")),
                    Markdown.number(counts.origin("AWS SDK")), Markdown.number(counts.origin("Jackson")),
                    Markdown.number(counts.origin("github-api")), Markdown.number(counts.origin("jjwt")),
                    Markdown.number(counts.origin("project")), Markdown.number(counts.origin("generated")),
                    Markdown.number(counts.origin("other")));
        }
        return "## Classes loaded at cold start\n\nOne unthrottled run per function with `-Xlog:class+load=info:file=…:timenanos`,"
                + " flags as above: every class loaded from JVM start to the return of the first `handleRequest`, split at"
                + " the constructor's end and by origin (JDK: from the JDK's CDS archive or its modules; the rest by package"
                + " from the function jar).\n\n" + table + '\n';
    }

    // ---------------------------------------------------------------- helpers

    static String share(int memoryMb) {
        return Markdown.number(memoryMb) + " MB (" + String.format(Locale.ROOT, "%.1f", 100.0 * memoryMb / Costs.VCPU_MB) + " %)";
    }

    private static long billedMs(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }

    static String load(double load) {
        return String.format(Locale.ROOT, "%.2f", load);
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double median(List<Double> values) {
        var sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
