package dev.recordmetric.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the fleet's true counts were, change by change: per pool label, the busy, idle and offline
 * runners after every change, with when it happened ({@link System#nanoTime()}). The judge of a
 * listing of a moving fleet: a count is right when it lies within the range its true value took
 * while the listing was under way ({@link #range}), since no single moment is what a paginated
 * listing sees. Thread-safe.
 */
public final class FleetTruth {

    /** A runner's state as ListRunners counts it. */
    public enum State {
        BUSY, IDLE, OFFLINE;

        public static State of(FakeRunner runner) {
            if (!runner.online()) {
                return OFFLINE;
            }
            return runner.busy() ? BUSY : IDLE;
        }
    }

    /** The smallest and largest value a count took over a window. */
    public record Range(int min, int max) {

        /** How far {@code value} lies outside the range; 0 inside it. */
        public long distance(long value) {
            return value < min ? min - value : Math.max(0, value - max);
        }
    }

    private record Counts(long atNanos, int[][] byLabelAndState) {
    }

    private final List<String> labels;
    private final List<Counts> history = new ArrayList<>();

    /** @param labels the pool labels followed (compared case-insensitively, as GitHub compares labels) */
    public FleetTruth(List<String> labels) {
        this.labels = labels.stream().map(label -> label.toLowerCase(Locale.ROOT)).toList();
    }

    /** Records the fleet as it is now: call after every change, under the lock that serves pages. */
    public synchronized void record(long atNanos, List<FakeRunner> runners) {
        int[][] counts = new int[labels.size()][State.values().length];
        for (FakeRunner runner : runners) {
            State state = State.of(runner);
            for (int pool = 0; pool < labels.size(); pool++) {
                if (carries(runner, labels.get(pool))) {
                    counts[pool][state.ordinal()]++;
                }
            }
        }
        history.add(new Counts(atNanos, counts));
    }

    /**
     * The range {@code label}'s {@code state} count took from {@code fromNanos} to {@code toNanos}:
     * its value at {@code fromNanos} and after every change up to {@code toNanos}.
     */
    public synchronized Range range(String label, State state, long fromNanos, long toNanos) {
        int pool = labels.indexOf(label.toLowerCase(Locale.ROOT));
        if (pool < 0) {
            throw new IllegalArgumentException("label " + label + " is not followed; followed: " + labels);
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < history.size(); i++) {
            Counts counts = history.get(i);
            boolean lastBeforeWindow = counts.atNanos() <= fromNanos
                    && (i + 1 == history.size() || history.get(i + 1).atNanos() > fromNanos);
            boolean inWindow = counts.atNanos() > fromNanos && counts.atNanos() <= toNanos;
            if (lastBeforeWindow || inWindow) {
                int value = counts.byLabelAndState()[pool][state.ordinal()];
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        if (min > max) {
            throw new IllegalStateException("nothing recorded before " + toNanos);
        }
        return new Range(min, max);
    }

    /** How many changes were recorded within the window (the first record is the starting fleet). */
    public synchronized int changesBetween(long fromNanos, long toNanos) {
        return (int) history.stream().skip(1).filter(c -> c.atNanos() > fromNanos && c.atNanos() <= toNanos).count();
    }

    private static boolean carries(FakeRunner runner, String label) {
        return runner.labels().stream().anyMatch(name -> name.equalsIgnoreCase(label));
    }
}
