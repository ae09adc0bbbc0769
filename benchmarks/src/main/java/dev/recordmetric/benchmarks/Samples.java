package dev.recordmetric.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** Repeated timings in nanoseconds. */
record Samples(List<Long> nanos) {

    Samples {
        nanos = List.copyOf(nanos);
    }

    long median() {
        var sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    long min() {
        return nanos.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    long max() {
        return nanos.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    int count() {
        return nanos.size();
    }
}
