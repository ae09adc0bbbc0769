package dev.recordmetric.listrunners;

/** What ListRunners keeps of a self-hosted runner. */
record Runner(long id, String name, boolean online, boolean busy) {

    RunnerState state() {
        if (!online) {
            return RunnerState.OFFLINE;
        }
        return busy ? RunnerState.BUSY : RunnerState.IDLE;
    }
}
