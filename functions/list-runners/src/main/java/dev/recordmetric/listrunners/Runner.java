package dev.recordmetric.listrunners;

import java.util.List;

/**
 * What ListRunners keeps of a self-hosted runner, for one pool whose label it carries (a runner
 * carrying two pools' labels is kept once for each).
 *
 * @param pool the index of the pool in {@link ListRunnersConfig#pools()}
 * @param labels all its label names, lower-cased (GitHub compares them case-insensitively): the pool's
 *     labels that queued jobs are matched against ({@link QueuedJobMatching})
 */
record Runner(long id, String name, boolean online, boolean busy, int pool, List<String> labels) {

    Runner {
        labels = List.copyOf(labels);
    }

    Runner(long id, String name, boolean online, boolean busy, int pool) {
        this(id, name, online, busy, pool, List.of());
    }

    /** A runner of the first (or only) pool. */
    Runner(long id, String name, boolean online, boolean busy) {
        this(id, name, online, busy, 0);
    }

    Runner withBusy(boolean corrected) {
        return new Runner(id, name, online, corrected, pool, labels);
    }

    RunnerState state() {
        if (!online) {
            return RunnerState.OFFLINE;
        }
        return busy ? RunnerState.BUSY : RunnerState.IDLE;
    }
}
