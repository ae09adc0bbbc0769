package dev.recordmetric.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiments for the cold start at the smallest CPU share (init capped): JVM options a function can
 * set through {@code JAVA_TOOL_OPTIONS} on Lambda, appended to the Lambda flags (for -XX options the
 * last occurrence wins), and class-data archives made by a training run on this JDK. Run with
 * {@code --jvm-options}; not part of the default report. {@code --variants=AOT,Verification} keeps the
 * baseline and the variants whose name contains one of the words.
 */
final class JvmOptionsSection {

    record Variant(String name, List<String> flags) {
    }

    record Row(Variant variant, Map<String, Samples> totals, double load) {
    }

    private final Main.Options options;
    private final Fixture fixture;
    private final ProbeRunner probes;

    JvmOptionsSection(Main.Options options, Fixture fixture, ProbeRunner probes) {
        this.options = options;
        this.fixture = fixture;
        this.probes = probes;
    }

    List<Row> measure() throws IOException {
        fixture.latency(options.latency(), Main.AWS_LATENCY);
        int memoryMb = options.memorySizes().get(0);
        // The two targets: ListRunners (smallest fleet) and GetToken minting an App token.
        List<ShareCase> all = ShareCase.all(options.root(), fixture, options.sizes());
        List<ShareCase> cases = List.of(all.get(0), all.stream().filter(ShareCase::mintsAppToken).findFirst().orElseThrow());
        Path work = Files.createTempDirectory("record-metric-jvm-options");
        List<Variant> variants = variants().stream().filter(v -> v.flags().isEmpty() || options.variants().isEmpty()
                || options.variants().stream().anyMatch(word -> v.name().contains(word))).toList();
        var archives = new LinkedHashMap<String, Map<String, List<String>>>();
        if (variants.stream().anyMatch(v -> !v.flags().isEmpty() && v.flags().get(0).startsWith("ARCHIVE:"))) {
            for (ShareCase probe : cases) {
                archives.put(probe.title(), train(probe, memoryMb, work));
            }
        }
        // nanos[variant][case], loads[variant]; repetitions outermost so that a change in load spreads over every row
        var nanos = new ArrayList<List<List<Long>>>();
        var loads = new ArrayList<List<Double>>();
        for (int v = 0; v < variants.size(); v++) {
            var perCase = new ArrayList<List<Long>>();
            cases.forEach(c -> perCase.add(new ArrayList<>()));
            nanos.add(perCase);
            loads.add(new ArrayList<>());
        }
        try (CpuQuota quota = CpuQuota.detect()) {
            var group = quota.group(memoryMb);
            for (int run = 0; run < options.coldRuns(); run++) {
                for (int v = 0; v < variants.size(); v++) {
                    Variant variant = variants.get(v);
                    loads.get(v).add(CpuShareSection.loadAverage());
                    for (int c = 0; c < cases.size(); c++) {
                        ShareCase probe = cases.get(c);
                        List<String> flags = new ArrayList<>(ProbeRunner.memoryFlags(memoryMb));
                        flags.addAll(variant.flags().isEmpty() || !variant.flags().get(0).startsWith("ARCHIVE:")
                                ? variant.flags() : archives.get(probe.title()).get(variant.flags().get(0)));
                        Main.progress("JVM options at " + memoryMb + " MB share: " + variant.name() + ", " + probe.title()
                                + " (run " + (run + 1) + " of " + options.coldRuns() + ")");
                        List<String> command = probes.command(probe.jar(), probe.handler(), probe.input(), 1, flags);
                        nanos.get(v).get(c).add(Main.check(probes.run(group.map(g -> CpuQuota.startInside(g, command))
                                .orElse(command), probes.environment(probe.functionName(), probe.env(), memoryMb)),
                                probe.title()).wallNanos());
                    }
                }
            }
        }
        var rows = new ArrayList<Row>();
        for (int v = 0; v < variants.size(); v++) {
            var totals = new LinkedHashMap<String, Samples>();
            for (int c = 0; c < cases.size(); c++) {
                totals.put(cases.get(c).title(), new Samples(nanos.get(v).get(c)));
            }
            var sorted = new ArrayList<>(loads.get(v));
            sorted.sort(null);
            rows.add(new Row(variants.get(v), totals, sorted.get(sorted.size() / 2)));
        }
        return rows;
    }

    private static List<Variant> variants() {
        var variants = new ArrayList<Variant>(List.of(
                new Variant("Lambda's flags (baseline)", List.of()),
                new Variant("-XX:ActiveProcessorCount=1", List.of("-XX:ActiveProcessorCount=1")),
                new Variant("-XX:-UsePerfData", List.of("-XX:-UsePerfData")),
                new Variant("-Xss256k", List.of("-Xss256k")),
                new Variant("-XX:-BytecodeVerificationRemote (diagnostic on JDK 25)",
                        List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote")),
                new Variant("-Xint (no JIT)", List.of("-Xint")),
                new Variant("-XX:TieredStopAtLevel=4 (C2 too)", List.of("-XX:TieredStopAtLevel=4")),
                new Variant("-Xshare:off (without the JDK's CDS archive)", List.of("-Xshare:off")),
                new Variant("AppCDS: -XX:SharedArchiveFile=<dynamic archive of a training run>", List.of("ARCHIVE:cds"))));
        if (Runtime.version().feature() >= 25) {
            variants.add(new Variant("AOT cache: -XX:AOTCache=<cache of a training run> (JDK 24+)", List.of("ARCHIVE:aot")));
        }
        variants.add(new Variant("-XX:ActiveProcessorCount=1 -XX:-UsePerfData -XX:-BytecodeVerificationRemote",
                List.of("-XX:ActiveProcessorCount=1", "-XX:-UsePerfData", "-XX:+UnlockDiagnosticVMOptions",
                        "-XX:-BytecodeVerificationRemote")));
        return variants;
    }

    /** A dynamic CDS archive and (JDK 25) an AOT cache from one unthrottled training run each. */
    private Map<String, List<String>> train(ShareCase probe, int memoryMb, Path work) {
        String name = probe.title().replaceAll("[^A-Za-z0-9]+", "-");
        Path cds = work.resolve(name + ".jsa");
        Path aot = work.resolve(name + ".aot");
        var env = probes.environment(probe.functionName(), probe.env(), memoryMb);
        var flags = new ArrayList<>(ProbeRunner.memoryFlags(memoryMb));
        Main.progress("JVM options: training runs for " + probe.title());
        flags.add("-XX:ArchiveClassesAtExit=" + cds);
        Main.check(probes.run(probes.command(probe.jar(), probe.handler(), probe.input(), 1, flags), env), probe.title());
        var archives = new LinkedHashMap<String, List<String>>();
        archives.put("ARCHIVE:cds", List.of("-XX:SharedArchiveFile=" + cds));
        if (Runtime.version().feature() >= 25) {
            flags.set(flags.size() - 1, "-XX:AOTCacheOutput=" + aot);
            Main.check(probes.run(probes.command(probe.jar(), probe.handler(), probe.input(), 1, flags), env), probe.title());
            archives.put("ARCHIVE:aot", List.of("-XX:AOTCache=" + aot));
        }
        return archives;
    }

    String section(List<Row> rows) {
        var titles = rows.get(0).totals().keySet().stream().toList();
        var header = new ArrayList<String>(List.of("JVM options (appended)"));
        for (String title : titles) {
            header.add(title);
            header.add("saving");
        }
        header.add("load");
        var table = new Markdown(header.toArray(String[]::new));
        Row baseline = rows.get(0);
        for (Row row : rows) {
            var cells = new ArrayList<Object>(List.of(row.variant().name()));
            for (String title : titles) {
                long median = row.totals().get(title).median();
                long saving = baseline.totals().get(title).median() - median;
                cells.add(Markdown.duration(median) + " (" + Markdown.duration(row.totals().get(title).min()) + "–"
                        + Markdown.duration(row.totals().get(title).max()) + ")");
                cells.add(row == baseline ? "" : (saving >= 0 ? "" : "−") + Markdown.duration(Math.abs(saving)));
            }
            cells.add(CpuShareSection.load(row.load()));
            table.row(cells.toArray());
        }
        return "## Experiments: JVM options at the " + Markdown.number(options.memorySizes().get(0)) + " MB share\n\n"
                + "Cold start (process start to the first result) with the init capped, median of " + options.coldRuns()
                + " fresh JVMs per cell, flags as in the cold-start table plus the row's. Archives: one unthrottled"
                + " training run of the same function (`-XX:ArchiveClassesAtExit`, `-XX:AOTCacheOutput`) on this JDK; an"
                + " archive is only used by the JVM build that made it. A negative saving is a loss.\n\n" + table + '\n';
    }
}
