package dev.recordmetric.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A change to the functions measured against the code before it: the cold starts of the deployable
 * jars of this checkout and of {@code --baseline=<checkout>} (its {@code functions/*}{@code /target/*.jar}),
 * back to back at the smallest memory size's CPU share, init capped and (unless {@code --capped-only})
 * uncapped. The two alternate within each repetition (baseline first in odd repetitions, this
 * checkout first in even ones), so that a change in the machine's load falls on both alike.
 * {@code --only=compare --baseline=DIR}; {@code --compare-cases=ListRunners,App} keeps the cases whose
 * title contains one of the words.
 */
final class ComparisonSection {

    record Row(ShareCase probe, Samples baselineCapped, Samples currentCapped, Samples baselineUncapped,
            Samples currentUncapped, Samples loads) {
    }

    record Result(Path baseline, int memoryMb, int runs, boolean throttled, boolean cappedOnly, List<Row> rows) {
    }

    private final Main.Options options;
    private final Fixture fixture;
    private final ProbeRunner probes;
    private final List<String> caseFilter;

    ComparisonSection(Main.Options options, Fixture fixture, ProbeRunner probes) {
        this.options = options;
        this.fixture = fixture;
        this.probes = probes;
        this.caseFilter = options.compareCases();
    }

    Result measure() throws IOException {
        Path baseline = options.baseline().orElseThrow(
                () -> new IllegalArgumentException("--only=compare needs --baseline=<checkout with the jars to compare against>"));
        fixture.latency(options.latency(), Main.AWS_LATENCY);
        int memoryMb = options.memorySizes().get(0);
        List<ShareCase> cases = ShareCase.of(options, fixture).stream()
                .filter(c -> caseFilter.isEmpty() || caseFilter.stream().anyMatch(word -> c.title().contains(word))).toList();
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("--compare-cases=" + String.join(",", caseFilter) + " matches no case");
        }
        // samples[case][variant]: capped, uncapped; variant 0 the baseline, 1 this checkout
        var capped = new LinkedHashMap<String, List<List<Long>>>();
        var uncapped = new LinkedHashMap<String, List<List<Long>>>();
        var loads = new LinkedHashMap<String, List<Long>>();
        try (CpuQuota quota = CpuQuota.detect()) {
            var group = quota.group(memoryMb);
            for (int run = 0; run < options.coldRuns(); run++) {
                for (ShareCase current : cases) {
                    List<ShareCase> variants = List.of(current.withJarsFrom(baseline), current);
                    capped.computeIfAbsent(current.title(), k -> List.of(new ArrayList<>(), new ArrayList<>()));
                    uncapped.computeIfAbsent(current.title(), k -> List.of(new ArrayList<>(), new ArrayList<>()));
                    for (int i = 0; i < 2; i++) {
                        int v = run % 2 == 0 ? i : 1 - i;
                        ShareCase probe = variants.get(v);
                        Main.progress("compare at " + memoryMb + " MB share: " + probe.title() + ", "
                                + (v == 0 ? "baseline" : "this checkout") + " (run " + (run + 1) + " of " + options.coldRuns() + ")");
                        loads.computeIfAbsent(current.title(), k -> new ArrayList<>())
                                .add(Math.round(CpuShareSection.loadAverage() * 100));
                        Map<String, String> env = probes.environment(probe.functionName(), probe.env(), memoryMb);
                        List<String> flags = ProbeRunner.memoryFlags(memoryMb);
                        List<String> command = probes.command(probe.jar(), probe.handler(), probe.input(), 1, flags);
                        capped.get(current.title()).get(v).add(Main.check(probes.run(
                                group.map(g -> CpuQuota.startInside(g, command)).orElse(command), env), probe.title()).wallNanos());
                        if (!options.cappedOnly()) {
                            LongConsumer intoQuota = pid -> group.ifPresent(g -> CpuQuota.move(pid, g));
                            uncapped.get(current.title()).get(v).add(Main.check(probes.run(probes.command(probe.jar(),
                                    probe.handler(), probe.input(), 1, flags, true), env, intoQuota), probe.title()).wallNanos());
                        }
                    }
                }
            }
            var rows = new ArrayList<Row>();
            for (ShareCase probe : cases) {
                var c = capped.get(probe.title());
                var u = uncapped.get(probe.title());
                rows.add(new Row(probe, new Samples(c.get(0)), new Samples(c.get(1)), new Samples(u.get(0)),
                        new Samples(u.get(1)), new Samples(loads.get(probe.title()))));
            }
            return new Result(baseline, memoryMb, options.coldRuns(), quota.unavailable().isEmpty(), options.cappedOnly(), rows);
        }
    }

    String section(Result result) {
        var header = new ArrayList<>(List.of("function", "init capped: baseline", "this checkout", "change"));
        if (!result.cappedOnly()) {
            header.addAll(List.of("init uncapped: baseline", "this checkout", "change"));
        }
        header.add("load (median, min–max)");
        var table = new Markdown(header.toArray(String[]::new));
        for (Row row : result.rows()) {
            var cells = new ArrayList<Object>(List.of(row.probe().title()));
            cells.addAll(compared(row.baselineCapped(), row.currentCapped()));
            if (!result.cappedOnly()) {
                cells.addAll(compared(row.baselineUncapped(), row.currentUncapped()));
            }
            cells.add(CpuShareSection.load(row.loads().median() / 100.0) + " (" + CpuShareSection.load(row.loads().min() / 100.0)
                    + "–" + CpuShareSection.load(row.loads().max() / 100.0) + ")");
            table.row(cells.toArray());
        }
        return "## This checkout against a baseline at the " + Markdown.number(result.memoryMb()) + " MB share\n\n"
                + (result.throttled() ? "" : "**No CPU quota could be applied: unthrottled.** ")
                + "Cold start (process start to the first result), median (min–max) of " + result.runs() + " fresh JVMs"
                + " per cell, the baseline's jars (`" + result.baseline() + "`) and this checkout's alternating within each"
                + " repetition; flags, environment and fakes as in the cold-start table at Lambda's CPU share. A negative"
                + " change is a saving.\n\n" + table + '\n';
    }

    private static List<String> compared(Samples baseline, Samples current) {
        long change = current.median() - baseline.median();
        return List.of(range(baseline), range(current), (change < 0 ? "−" : "+") + Markdown.duration(Math.abs(change)));
    }

    private static String range(Samples samples) {
        return Markdown.duration(samples.median()) + " (" + Markdown.duration(samples.min()) + "–"
                + Markdown.duration(samples.max()) + ")";
    }
}
