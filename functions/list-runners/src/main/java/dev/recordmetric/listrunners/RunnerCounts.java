package dev.recordmetric.listrunners;

import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How many runners of one pool are busy, idle and offline; or of all pools together, a runner in
 * two pools counted in each. The state output, the log line and the datapoints all read these.
 */
record RunnerCounts(int busy, int idle, int offline) {

    static final RunnerCounts NONE = new RunnerCounts(0, 0, 0);

    /** Per pool, in the order of {@link ListRunnersConfig#pools()}: each kept runner counted in its pool. */
    static List<RunnerCounts> perPool(Collection<Runner> runners, int pools) {
        int[][] counts = new int[pools][RunnerState.values().length];
        for (Runner runner : runners) {
            counts[runner.pool()][runner.state().ordinal()]++;
        }
        return IntStream.range(0, pools).mapToObj(pool -> new RunnerCounts(counts[pool][RunnerState.BUSY.ordinal()],
                counts[pool][RunnerState.IDLE.ordinal()], counts[pool][RunnerState.OFFLINE.ordinal()])).toList();
    }

    /** All pools together. */
    static RunnerCounts total(List<RunnerCounts> pools) {
        return pools.stream().reduce(NONE, RunnerCounts::plus);
    }

    RunnerCounts plus(RunnerCounts other) {
        return new RunnerCounts(busy + other.busy, idle + other.idle, offline + other.offline);
    }

    int of(RunnerState state) {
        return switch (state) {
            case BUSY -> busy;
            case IDLE -> idle;
            case OFFLINE -> offline;
        };
    }

    int runners() {
        return busy + idle + offline;
    }
}
