package dev.recordmetric.listrunners;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.GitHubRateLimit;
import java.time.Instant;
import java.util.List;

/**
 * The {@code MetricData} of the run's one {@code PutMetricData} request, in the request's own shape
 * (the state machine passes it as {@code "MetricData.$"} and sets the namespace): per pool
 * {@code BusyRunners}, {@code IdleRunners} and {@code OfflineRunners} with the dimension
 * {@code asg_name}, and {@code RunnerCountUncertainty}: how far each of those three can be from the
 * range its truth took while the runners were listed (0 for a fleet that stood still; README,
 * "Counts of a moving fleet"); and {@code GitHubApiRemaining}, {@code GitHubApiLimit} with the dimension
 * {@code state_machine} (the deployment: deployments sharing one credential see the same budget,
 * each from its own listing), from the last GitHub response's {@code x-ratelimit-*} headers. Those
 * two are left out when the response had no such headers (GitHub Enterprise Server with rate limits
 * off) or the state machine's name is unknown: no datapoint rather than a made-up zero.
 *
 * <p>Every datum is stamped with the observation time and has unit {@code Count} (the ages and waits
 * {@code Seconds}). With at most {@link RunnerPools#MAX_POOLS} pools there are at most 202 datapoints
 * without the ledger, and at most 50 × 8 + 3 = 403 with it (each pool's JobWaitSeconds is one datum),
 * within CloudWatch's 1,000 metrics per request ("PutMetricData", Amazon CloudWatch API Reference); a
 * JobWaitSeconds datum holds at most 150 values ({@link JobWaitValues}: the same page's limit on
 * Values/Counts, and "MetricDatum": Counts as long as Values). At about 400 bytes a datum and up to
 * 1,500 wait values of about 16 bytes in all, the request stays far below its 1 MB and the state
 * output below Step Functions' 256 KiB.
 */
final class MetricDatapoints {

    static final String POOL_DIMENSION = "asg_name";
    static final String DEPLOYMENT_DIMENSION = "state_machine";
    static final String BUSY = "BusyRunners";
    static final String IDLE = "IdleRunners";
    static final String OFFLINE = "OfflineRunners";
    static final String UNCERTAINTY = "RunnerCountUncertainty";
    static final String API_REMAINING = "GitHubApiRemaining";
    static final String API_LIMIT = "GitHubApiLimit";
    static final String QUEUED_JOBS = "QueuedJobs";
    static final String OLDEST_QUEUED = "OldestQueuedJobAgeSeconds";
    static final String JOB_WAIT = "JobWaitSeconds";
    static final String BUSY_FLAG_DISAGREEMENTS = "BusyFlagDisagreements";
    static final String UNMATCHED_QUEUED_JOBS = "UnmatchedQueuedJobs";
    private static final String UNIT = "Count";
    private static final String SECONDS = "Seconds";

    private MetricDatapoints() {
    }

    /**
     * @param counts per pool, in the order of {@code pools}
     * @param uncertainty per pool, in the order of {@code pools}: the listing's bound on each count's error
     * @param stateMachineName the deployment's name, or null when the state machine did not pass it
     */
    static ArrayNode render(List<RunnerPool> pools, List<RunnerCounts> counts, List<Integer> uncertainty,
            GitHubRateLimit lastResponse, String stateMachineName, Instant observedAt) {
        return render(pools, counts, uncertainty, lastResponse, stateMachineName, observedAt, null);
    }

    /**
     * @param demand the ledger's demand, or null (job_events off: exactly the datapoints above). With it,
     *     per pool also {@code QueuedJobs}, {@code OldestQueuedJobAgeSeconds}, {@code BusyFlagDisagreements}
     *     and, when jobs started, one {@code JobWaitSeconds} datum of {@code Values}/{@code Counts}; and
     *     {@code UnmatchedQueuedJobs} with the dimension {@code state_machine} (when its name is known)
     */
    static ArrayNode render(List<RunnerPool> pools, List<RunnerCounts> counts, List<Integer> uncertainty,
            GitHubRateLimit lastResponse, String stateMachineName, Instant observedAt, Demand demand) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        String timestamp = observedAt.toString();
        for (int pool = 0; pool < pools.size(); pool++) {
            String asgName = pools.get(pool).asgName();
            RunnerCounts counted = counts.get(pool);
            add(data, BUSY, POOL_DIMENSION, asgName, timestamp, counted.busy());
            add(data, IDLE, POOL_DIMENSION, asgName, timestamp, counted.idle());
            add(data, OFFLINE, POOL_DIMENSION, asgName, timestamp, counted.offline());
            add(data, UNCERTAINTY, POOL_DIMENSION, asgName, timestamp, uncertainty.get(pool));
            if (demand != null) {
                Demand.PoolDemand pooled = demand.pools().get(pool);
                add(data, QUEUED_JOBS, POOL_DIMENSION, asgName, timestamp, pooled.queued());
                add(data, OLDEST_QUEUED, POOL_DIMENSION, asgName, timestamp, pooled.oldestQueuedSeconds(), SECONDS);
                add(data, BUSY_FLAG_DISAGREEMENTS, POOL_DIMENSION, asgName, timestamp, pooled.busyFlagDisagreements());
                JobWaitValues.of(pooled.jobWaits(), JobWaitValues.valuesPerPool(pools.size()))
                        .ifPresent(waits -> waits.addTo(datum(data, JOB_WAIT, POOL_DIMENSION, asgName, timestamp, SECONDS)));
            }
        }
        if (demand != null && stateMachineName != null) {
            add(data, UNMATCHED_QUEUED_JOBS, DEPLOYMENT_DIMENSION, stateMachineName, timestamp, demand.unmatchedQueuedJobs());
        }
        if (stateMachineName != null && lastResponse.remaining().isPresent() && lastResponse.limit().isPresent()) {
            add(data, API_REMAINING, DEPLOYMENT_DIMENSION, stateMachineName, timestamp, lastResponse.remaining().getAsInt());
            add(data, API_LIMIT, DEPLOYMENT_DIMENSION, stateMachineName, timestamp, lastResponse.limit().getAsInt());
        }
        return data;
    }

    private static void add(ArrayNode data, String metric, String dimension, String value, String timestamp, int count) {
        add(data, metric, dimension, value, timestamp, count, UNIT);
    }

    private static void add(ArrayNode data, String metric, String dimension, String value, String timestamp, long amount,
            String unit) {
        datum(data, metric, dimension, value, timestamp, unit).put("Value", amount);
    }

    private static ObjectNode datum(ArrayNode data, String metric, String dimension, String value, String timestamp,
            String unit) {
        ObjectNode datum = data.addObject().put("MetricName", metric);
        datum.putArray("Dimensions").addObject().put("Name", dimension).put("Value", value);
        return datum.put("Timestamp", timestamp).put("Unit", unit);
    }
}
