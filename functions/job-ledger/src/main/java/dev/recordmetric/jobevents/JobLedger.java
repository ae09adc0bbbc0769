package dev.recordmetric.jobevents;

import static dev.recordmetric.jobevents.LedgerItems.n;
import static dev.recordmetric.jobevents.LedgerItems.s;
import static dev.recordmetric.jobevents.LedgerTableSchema.*;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The job ledger: one DynamoDB item per workflow job, written only by {@link #record}'s one rule (the
 * module's README). Thread-safe. DynamoDB's failures propagate as the SDK's exceptions; a failed
 * condition is an outcome, never an exception.
 */
public final class JobLedger {

    /** The one write rule: a new job, or a higher status than the ledger holds. */
    static final String RECORD_CONDITION = "attribute_not_exists(" + PK + ") OR " + STATUS_RANK + " < :rank";

    /** Items a page of {@link #openJobs}: bounded answers, however many jobs are open. */
    static final int OPEN_JOBS_PAGE = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final LedgerRetention retention;

    public JobLedger(DynamoDbClient dynamoDb, String table, LedgerRetention retention) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
        this.retention = Objects.requireNonNull(retention);
    }

    /**
     * Writes the whole job item if the ledger has no item for the job or holds it at a lower status:
     * a duplicate (same status) and a late delivery (lower status) change nothing.
     *
     * @param deliveryGuid the delivery's {@code X-GitHub-Delivery}, or {@code reconciliation}
     * @param action the delivery's {@code action}
     */
    public RecordOutcome record(LedgerJob job, String deliveryGuid, String action, Instant now) {
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(LedgerItems.toItem(job, deliveryGuid, action, now, retention))
                    .conditionExpression(RECORD_CONDITION)
                    .expressionAttributeValues(Map.of(":rank", n(job.status().rank()))));
            return RecordOutcome.RECORDED;
        } catch (ConditionalCheckFailedException higherOrSame) {
            return RecordOutcome.UNCHANGED;
        }
    }

    /**
     * Reconciliation found GitHub's status equal to {@code expected}: sets {@code checked_at} (and the
     * ETag of GitHub's answer, or removes it when null) if the item still holds that status.
     *
     * @return false when the item is gone or holds another status by now
     */
    public boolean markChecked(long jobId, JobStatus expected, Instant now, String etag) {
        Map<String, AttributeValue> values = etag == null
                ? Map.of(":rank", n(expected.rank()), ":now", n(now.getEpochSecond()))
                : Map.of(":rank", n(expected.rank()), ":now", n(now.getEpochSecond()), ":etag", s(etag));
        String update = etag == null
                ? "SET " + CHECKED_AT + " = :now REMOVE " + ETAG
                : "SET " + CHECKED_AT + " = :now, " + ETAG + " = :etag";
        try {
            dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of(PK, s(jobKey(jobId))))
                    .updateExpression(update)
                    .conditionExpression(STATUS_RANK + " = :rank")
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    /** The job's item (a strongly consistent read), if the ledger has one. */
    public Optional<LedgerEntry> get(long jobId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(PK, s(jobKey(jobId))))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LedgerItems.fromItem(item));
    }

    /**
     * At most {@code limit} open jobs (waiting, queued or in progress) last checked before
     * {@code checkedBefore}, least recently checked first, from the {@code open-jobs} index (eventually
     * consistent, as every index read).
     */
    public List<LedgerEntry> staleOpenJobs(Instant checkedBefore, int limit) {
        List<LedgerEntry> stale = new ArrayList<>();
        for (JobStatus status : JobStatus.values()) {
            if (!status.open()) {
                continue;
            }
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(table)
                    .indexName(OPEN_JOBS_INDEX)
                    .keyConditionExpression(OPEN_STATUS + " = :status AND " + CHECKED_AT + " < :before")
                    .expressionAttributeValues(Map.of(":status", s(status.wire()), ":before", n(checkedBefore.getEpochSecond())))
                    .limit(limit);
            int found = 0;
            Map<String, AttributeValue> next = null;
            do {
                QueryResponse page = dynamoDb.query(query.exclusiveStartKey(next).build());
                for (Map<String, AttributeValue> item : page.items()) {
                    stale.add(LedgerItems.fromItem(item));
                    found++;
                }
                next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (next != null && found < limit);
        }
        stale.sort(Comparator.comparing(LedgerEntry::checkedAt));
        return stale.size() > limit ? List.copyOf(stale.subList(0, limit)) : List.copyOf(stale);
    }

    /** Every job the ledger holds at {@code status} (one of the open ones), from the {@code open-jobs} index, all pages. */
    public List<LedgerEntry> openJobs(JobStatus status) {
        if (!status.open()) {
            throw new IllegalArgumentException(status.wire() + " is not an open status: completed jobs are not in " + OPEN_JOBS_INDEX);
        }
        List<LedgerEntry> jobs = new ArrayList<>();
        dynamoDb.queryPaginator(b -> b.tableName(table)
                        .indexName(OPEN_JOBS_INDEX)
                        .keyConditionExpression(OPEN_STATUS + " = :status")
                        .expressionAttributeValues(Map.of(":status", s(status.wire())))
                        .limit(OPEN_JOBS_PAGE))
                .items()
                .forEach(item -> jobs.add(LedgerItems.fromItem(item)));
        return List.copyOf(jobs);
    }

    /**
     * Every job whose {@code started_at} is at or after {@code since} (to the second; none later than
     * {@code until}'s hour), from the sparse {@code job-starts} index: one query per hour, all pages
     * (eventually consistent, as every index read). Completed jobs are in it too: a job that started
     * and completed between two reads is found.
     */
    public List<LedgerEntry> startedSince(Instant since, Instant until) {
        String from = since.truncatedTo(ChronoUnit.SECONDS).toString();
        List<LedgerEntry> jobs = new ArrayList<>();
        for (Instant hour = since.truncatedTo(ChronoUnit.HOURS); !hour.isAfter(until); hour = hour.plus(1, ChronoUnit.HOURS)) {
            String partition = LedgerItems.hourOf(hour);
            dynamoDb.queryPaginator(b -> b.tableName(table)
                            .indexName(JOB_STARTS_INDEX)
                            .keyConditionExpression(STARTED_HOUR + " = :hour AND " + STARTED_AT + " >= :from")
                            .expressionAttributeValues(Map.of(":hour", s(partition), ":from", s(from)))
                            .limit(OPEN_JOBS_PAGE))
                    .items()
                    .forEach(item -> jobs.add(LedgerItems.fromItem(item)));
        }
        return List.copyOf(jobs);
    }

    public String table() {
        return table;
    }
}
