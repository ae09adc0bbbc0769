package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demand one run published (issue 20): per pool (dimension {@code asg_name}) {@code QueuedJobs},
 * {@code OldestQueuedJobAgeSeconds}, {@code BusyRunners}/{@code IdleRunners} (ledger-corrected),
 * {@code BusyFlagDisagreements} and the {@code JobWaitSeconds} values (one per job that started since
 * the previous run, {@code Values}/{@code Counts} expanded), and the deployment's
 * {@code UnmatchedQueuedJobs}. Read from the datapoints the run published; the wait values from the
 * {@code metricData} CountRunners handed to PutMetricData (the local datapoint keeps one value only).
 *
 * @param observedAt the datapoints' timestamp (ListRunners' observation)
 * @param unmatchedQueuedJobs null when not published
 */
record DemandView(Instant observedAt, Map<String, Pool> pools, Integer unmatchedQueuedJobs) {

    record Pool(String asgName, int queued, double oldestQueuedSeconds, int busy, int idle, int busyFlagDisagreements,
            List<Double> jobWaits) {
    }

    /** The run's demand, or null when it published none (job_events off, or the run failed). */
    static DemandView of(RunRecord record) {
        if (!record.succeeded()) {
            return null;
        }
        Map<String, Map<String, Double>> byPool = new LinkedHashMap<>();
        Integer unmatched = null;
        Instant observedAt = null;
        for (RunRecord.Datapoint d : record.datapoints) {
            if (d.metricName().equals("UnmatchedQueuedJobs")) {
                unmatched = (int) d.value();
            }
            if (d.dimensions().startsWith("asg_name=")) {
                byPool.computeIfAbsent(d.dimensions().substring("asg_name=".length()), key -> new LinkedHashMap<>())
                        .put(d.metricName(), d.value());
                if (d.metricName().equals("QueuedJobs")) {
                    observedAt = d.timestamp();
                }
            }
        }
        Map<String, List<Double>> waits = jobWaits(record.counts());
        Map<String, Pool> pools = new LinkedHashMap<>();
        byPool.forEach((asgName, values) -> {
            if (values.containsKey("QueuedJobs")) {
                pools.put(asgName, new Pool(asgName, values.get("QueuedJobs").intValue(),
                        values.getOrDefault("OldestQueuedJobAgeSeconds", 0.0), values.getOrDefault("BusyRunners", 0.0).intValue(),
                        values.getOrDefault("IdleRunners", 0.0).intValue(),
                        values.getOrDefault("BusyFlagDisagreements", 0.0).intValue(), waits.getOrDefault(asgName, List.of())));
            }
        });
        return pools.isEmpty() ? null : new DemandView(observedAt, pools, unmatched);
    }

    /** Per pool, each {@code JobWaitSeconds} value as many times as its count. */
    private static Map<String, List<Double>> jobWaits(JsonNode counts) {
        Map<String, List<Double>> waits = new LinkedHashMap<>();
        if (counts == null) {
            return waits;
        }
        for (JsonNode datum : counts.path("metricData")) {
            if (!datum.path("MetricName").asText().equals("JobWaitSeconds")) {
                continue;
            }
            String asgName = null;
            for (JsonNode dimension : datum.path("Dimensions")) {
                if (dimension.path("Name").asText().equals("asg_name")) {
                    asgName = dimension.path("Value").asText();
                }
            }
            if (asgName == null) {
                continue;
            }
            List<Double> values = waits.computeIfAbsent(asgName, key -> new ArrayList<>());
            JsonNode valueArray = datum.path("Values");
            JsonNode countArray = datum.path("Counts");
            if (valueArray.isArray()) {
                for (int i = 0; i < valueArray.size(); i++) {
                    int times = countArray.has(i) ? countArray.get(i).asInt() : 1;
                    for (int t = 0; t < times; t++) {
                        values.add(valueArray.get(i).asDouble());
                    }
                }
            } else if (datum.has("Value")) {
                values.add(datum.path("Value").asDouble());
            }
        }
        return waits;
    }

    /** The value at percentile {@code p} (0 to 100) of {@code values}, nearest rank; NaN when empty. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("observedAt", observedAt == null ? null : observedAt.toString());
        ObjectNode byPool = json.putObject("pools");
        pools.forEach((asgName, pool) -> {
            ObjectNode p = byPool.putObject(asgName);
            p.put("queued", pool.queued()).put("oldestQueuedSeconds", pool.oldestQueuedSeconds())
                    .put("busy", pool.busy()).put("idle", pool.idle()).put("busyFlagDisagreements", pool.busyFlagDisagreements());
            ArrayNode waits = p.putArray("jobWaitSeconds");
            pool.jobWaits().forEach(waits::add);
        });
        if (unmatchedQueuedJobs != null) {
            json.put("unmatchedQueuedJobs", unmatchedQueuedJobs);
        }
        return json;
    }
}
