package dev.recordmetric.listrunners;

/**
 * What ListRunners keeps of a self-hosted runner, for one pool whose label it carries (a runner
 * carrying two pools' labels is kept once for each).
 *
 * @param pool the index of the pool in {@link ListRunnersConfig#pools()}
 */
record Runner(long id, String name, boolean online, boolean busy, int pool) {

    /** A runner of the first (or only) pool. */
    Runner(long id, String name, boolean online, boolean busy) {
        this(id, name, online, busy, 0);
    }

    RunnerState state() {
        if (!online) {
            return RunnerState.OFFLINE;
        }
        return busy ? RunnerState.BUSY : RunnerState.IDLE;
    }
}
