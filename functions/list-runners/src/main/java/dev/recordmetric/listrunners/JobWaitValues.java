package dev.recordmetric.listrunners;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A pool's job waits as one {@code JobWaitSeconds} datum's {@code Values} and {@code Counts}: each
 * distinct wait once, with how many jobs waited that long, so that CloudWatch's percentiles work on
 * them ("PutMetricData", Amazon CloudWatch API Reference: up to 150 values per metric in one request;
 * "MetricDatum": Counts as many as Values). More distinct waits than that are rounded to a coarser step
 * (2, 5, 10, 20, 50 s, ...) until they fit: every job still counts, a percentile moves by less than a step.
 */
record JobWaitValues(Map<Long, Long> counts) {

    /** CloudWatch's limit on a datum's Values. */
    static final int MAX_VALUES = 150;
    /** All pools' values together: the state output (and the request) stay small with 50 pools. */
    static final int MAX_VALUES_PER_RUN = 1_500;

    /** The values one pool's datum may hold when {@code pools} pools publish: at most 150, at least 10. */
    static int valuesPerPool(int pools) {
        return Math.max(10, Math.min(MAX_VALUES, MAX_VALUES_PER_RUN / Math.max(1, pools)));
    }

    /** Empty when no job started: the datum is left out, not sent as a made-up zero. */
    static Optional<JobWaitValues> of(List<Long> waits, int maxValues) {
        if (waits.isEmpty()) {
            return Optional.empty();
        }
        long step = 1;
        while (true) {
            Map<Long, Long> counts = new TreeMap<>();
            for (long wait : waits) {
                counts.merge(Math.round((double) wait / step) * step, 1L, Long::sum);
            }
            if (counts.size() <= maxValues) {
                return Optional.of(new JobWaitValues(counts));
            }
            step = nextStep(step);
        }
    }

    /** 1, 2, 5, 10, 20, 50, ... */
    private static long nextStep(long step) {
        long decade = 1;
        while (decade * 10 <= step) {
            decade *= 10;
        }
        long digit = step / decade;
        return digit == 1 ? 2 * decade : digit == 2 ? 5 * decade : 10 * decade;
    }

    void addTo(ObjectNode datum) {
        ArrayNode values = datum.putArray("Values");
        ArrayNode counted = datum.putArray("Counts");
        counts.forEach((value, count) -> {
            values.add(value);
            counted.add(count);
        });
    }
}
