package dev.recordmetric.jobevents;

import static dev.recordmetric.jobevents.LedgerItems.n;
import static dev.recordmetric.jobevents.LedgerTableSchema.PK;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * What ListRunners remembers between runs (issue 20), one item {@code cursor#demand} in the ledger
 * table: the jobs started within ListRunners' window of starts (15 minutes, the {@code job-starts}
 * index) whose wait it has published, or on its first run skipped ({@code counted_jobs}, NS, pruned
 * beyond the window), so that each job's {@code JobWaitSeconds} is published once, and each runner's
 * last in-progress job
 * ({@code runner_jobs}, M of runner name to job id), so that a runner whose flag still says busy after
 * that job completed is counted idle. {@code version} (N) makes the write conditional: of two
 * overlapping runs only one writes (the other publishes no waits rather than some twice).
 *
 * @param version 0 when there is no item yet
 */
public record DemandCursor(Set<Long> countedJobs, Map<String, Long> runnerJobs, Instant observedAt, long version) {

    public static final String KEY = "cursor#demand";
    static final String COUNTED_JOBS = "counted_jobs";
    static final String RUNNER_JOBS = "runner_jobs";
    static final String OBSERVED_AT = "observed_at";
    static final String VERSION = "version";

    public static final DemandCursor NONE = new DemandCursor(Set.of(), Map.of(), null, 0);

    public DemandCursor {
        countedJobs = Set.copyOf(countedJobs);
        runnerJobs = Map.copyOf(runnerJobs);
    }

    /** Whether a previous run wrote the cursor. */
    public boolean present() {
        return version > 0;
    }

    /** The cursor as the table holds it (a strongly consistent read), or {@link #NONE}. */
    public static DemandCursor read(DynamoDbClient dynamoDb, String table) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(PK, AttributeValue.fromS(KEY))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return NONE;
        }
        Set<Long> counted = new TreeSet<>();
        Optional.ofNullable(item.get(COUNTED_JOBS)).ifPresent(ids -> ids.ns().forEach(id -> counted.add(Long.parseLong(id))));
        Map<String, Long> runnerJobs = new TreeMap<>();
        Optional.ofNullable(item.get(RUNNER_JOBS)).ifPresent(
                jobs -> jobs.m().forEach((runner, job) -> runnerJobs.put(runner, Long.parseLong(job.n()))));
        Instant observedAt = item.containsKey(OBSERVED_AT) ? Instant.ofEpochSecond(Long.parseLong(item.get(OBSERVED_AT).n())) : null;
        return new DemandCursor(counted, runnerJobs, observedAt, Long.parseLong(item.get(VERSION).n()));
    }

    /**
     * Writes {@code next} if the item still holds this cursor's version.
     *
     * @return false when another run wrote the cursor since this one was read
     */
    public boolean replaceWith(DynamoDbClient dynamoDb, String table, DemandCursor next) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, AttributeValue.fromS(KEY));
        item.put(VERSION, n(version + 1));
        item.put(OBSERVED_AT, n(Objects.requireNonNull(next.observedAt()).getEpochSecond()));
        if (!next.countedJobs().isEmpty()) {
            // DynamoDB refuses an empty set: no attribute is the empty set.
            item.put(COUNTED_JOBS, AttributeValue.fromNs(next.countedJobs().stream().map(String::valueOf).toList()));
        }
        Map<String, AttributeValue> runners = new HashMap<>();
        next.runnerJobs().forEach((runner, job) -> runners.put(runner, n(job)));
        item.put(RUNNER_JOBS, AttributeValue.fromM(runners));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression(present() ? VERSION + " = :version" : "attribute_not_exists(" + PK + ")")
                    .expressionAttributeValues(present() ? Map.of(":version", n(version)) : null));
            return true;
        } catch (ConditionalCheckFailedException overlapped) {
            return false;
        }
    }
}
