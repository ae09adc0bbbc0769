package dev.recordmetric.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The targets of the cold-start issue, judged on the CPU-share figures (medians, init capped). */
final class ShareTargets {

    static final int TARGET_MEMORY_MB = 256;
    static final long LIST_RUNNERS_COLD = Duration.ofSeconds(3).toNanos();
    static final long APP_TOKEN_COLD = Duration.ofSeconds(4).toNanos();
    static final long WARM_LARGEST = Duration.ofMillis(1500).toNanos();

    private ShareTargets() {
    }

    static String section(CpuShareSection.Result result, Optional<RuntimeClientSection.Result> runtimeClient,
            Optional<Main.WarmResult> unthrottledWarm) {
        var table = new Markdown("target", "measured", "");
        if (!result.throttled()) {
            table.row("any", "no CPU quota could be applied: the figures are unthrottled", "not judged");
            return "## Targets at Lambda's CPU share\n\n" + table + '\n';
        }
        if (result.memorySizes().contains(TARGET_MEMORY_MB)) {
            for (CpuShareSection.ColdRow row : result.cold()) {
                if (row.memoryMb() != TARGET_MEMORY_MB || !(row.probe().listsRunners() || row.probe().mintsAppToken())) {
                    continue;
                }
                long limit = row.probe().listsRunners() ? LIST_RUNNERS_COLD : APP_TOKEN_COLD;
                table.row(row.probe().title() + " cold start ≤ " + Markdown.duration(limit) + " at 256 MB",
                        "init capped " + Markdown.duration(row.cappedTotal().median()) + "; init uncapped "
                                + Markdown.duration(row.uncappedTotal().median()),
                        Markdown.met(row.cappedTotal().median() <= limit));
            }
            var largest = result.warm().stream().filter(r -> r.probe().listsRunners() && r.memoryMb() == TARGET_MEMORY_MB)
                    .reduce((first, second) -> second);
            largest.ifPresent(w -> table.row("warm " + w.title() + " ≤ 1.5 s at 256 MB (Lambda duration)",
                    Markdown.duration(w.wallMedian()) + unthrottledWarm.map(u -> u.listRunners().values().stream()
                            .reduce((first, second) -> second).map(e -> "; estimated from the unthrottled run: "
                                    + Markdown.duration(e.lambdaEstimate())).orElse("")).orElse(""),
                    Markdown.met(w.wallMedian() <= WARM_LARGEST)));
        }
        var safe = new ArrayList<Integer>();
        for (int mb : result.memorySizes()) {
            var misses = new ArrayList<String>();
            for (CpuShareSection.ColdRow row : result.cold()) {
                if (row.memoryMb() == mb && row.cappedTotal().median() > halfTimeout(row.probe())) {
                    misses.add(row.probe().title() + " " + Markdown.duration(row.cappedTotal().median()) + " > "
                            + Markdown.duration(halfTimeout(row.probe())));
                }
            }
            if (misses.isEmpty()) {
                safe.add(mb);
            }
            table.row("every cold start ≤ half its task timeout at " + CpuShareSection.share(mb) + ", init capped",
                    misses.isEmpty() ? "all within" : String.join("; ", misses), Markdown.met(misses.isEmpty()));
        }
        runtimeClient.ifPresent(rc -> rc.memorySizes().forEach(mb -> {
            var misses = rc.rows().stream().filter(r -> r.memoryMb() == mb && r.cappedTotal().median() > halfTimeout(r.probe()))
                    .map(r -> r.probe().title() + " " + Markdown.duration(r.cappedTotal().median())).toList();
            table.row("under the runtime client at " + CpuShareSection.share(mb) + ": first response ≤ half"
                    + " the task timeout, init capped", misses.isEmpty() ? "all within" : String.join("; ", misses),
                    Markdown.met(misses.isEmpty()));
        }));
        String smallest = safe.isEmpty() ? "none of the memory sizes measured"
                : Markdown.number(safe.get(0)) + " MB";
        return "## Targets at Lambda's CPU share\n\n" + table
                + "\nSmallest memory size measured at which every cold start (init capped, median) finishes within half its"
                + " task timeout: **" + smallest + "**.\n\n";
    }

    private static long halfTimeout(ShareCase probe) {
        return Duration.ofSeconds(probe.taskTimeoutSeconds()).toNanos() / 2;
    }
}
