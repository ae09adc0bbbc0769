package dev.recordmetric.jobevents;

import static dev.recordmetric.jobevents.LedgerTableSchema.*;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Job items to and from DynamoDB attribute maps (the README's table of attributes). */
final class LedgerItems {

    private LedgerItems() {
    }

    static Map<String, AttributeValue> toItem(LedgerJob job, String delivery, String action, Instant now,
            LedgerRetention retention) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(jobKey(job.jobId())));
        item.put(JOB_ID, n(job.jobId()));
        item.put(RUN_ID, n(job.runId()));
        item.put(RUN_ATTEMPT, n(job.runAttempt()));
        item.put(REPOSITORY, s(job.repository()));
        putIfPresent(item, WORKFLOW_NAME, job.workflowName());
        putIfPresent(item, JOB_NAME, job.jobName());
        putIfPresent(item, HEAD_BRANCH, job.headBranch());
        item.put(LABELS, AttributeValue.fromL(job.labels().stream().map(LedgerItems::s).toList()));
        item.put(STATUS, s(job.status().wire()));
        item.put(STATUS_RANK, n(job.status().rank()));
        putIfPresent(item, CONCLUSION, job.conclusion());
        putIfPresent(item, CREATED_AT, job.createdAt());
        putIfPresent(item, STARTED_AT, job.startedAt());
        putIfPresent(item, STARTED_HOUR, startedHour(job.startedAt()));
        putIfPresent(item, COMPLETED_AT, job.completedAt());
        putIfPresent(item, RUNNER_ID, job.runnerId());
        putIfPresent(item, RUNNER_NAME, job.runnerName());
        putIfPresent(item, RUNNER_GROUP_ID, job.runnerGroupId());
        putIfPresent(item, RUNNER_GROUP_NAME, job.runnerGroupName());
        putIfPresent(item, INSTALLATION_ID, job.installationId());
        item.put(LAST_DELIVERY, s(delivery));
        item.put(LAST_ACTION, s(action));
        item.put(RECORDED_AT, n(now.getEpochSecond()));
        item.put(CHECKED_AT, n(now.getEpochSecond()));
        if (job.status().open()) {
            item.put(OPEN_STATUS, s(job.status().wire()));
            item.put(EXPIRES_AT, n(now.plus(retention.open()).getEpochSecond()));
        } else {
            item.put(EXPIRES_AT, n(completion(job, now).plus(retention.completed()).getEpochSecond()));
        }
        return item;
    }

    /**
     * {@code started_at}'s hour in UTC ({@code 2026-12-07T17}), the {@code job-starts} partition; null
     * when there is no {@code started_at} or it is not ISO-8601 (the job is then not in the index).
     */
    static String startedHour(String startedAt) {
        if (startedAt == null) {
            return null;
        }
        try {
            return HOUR.format(OffsetDateTime.parse(startedAt).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The {@code started_hour} of an instant. */
    static String hourOf(Instant instant) {
        return HOUR.format(instant);
    }

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    /** GitHub's {@code completed_at}, or {@code now} when it sent none or one that is not ISO-8601. */
    private static Instant completion(LedgerJob job, Instant now) {
        if (job.completedAt() == null) {
            return now;
        }
        try {
            return Instant.parse(job.completedAt());
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    static LedgerEntry fromItem(Map<String, AttributeValue> item) {
        LedgerJob job = new LedgerJob(
                longOf(item, JOB_ID),
                longOf(item, RUN_ID),
                longOf(item, RUN_ATTEMPT),
                string(item, REPOSITORY),
                string(item, WORKFLOW_NAME),
                string(item, JOB_NAME),
                string(item, HEAD_BRANCH),
                item.containsKey(LABELS) ? item.get(LABELS).l().stream().map(AttributeValue::s).toList() : List.of(),
                JobStatus.ofRank((int) longOf(item, STATUS_RANK)),
                string(item, CONCLUSION),
                string(item, CREATED_AT),
                string(item, STARTED_AT),
                string(item, COMPLETED_AT),
                optionalLong(item, RUNNER_ID),
                string(item, RUNNER_NAME),
                optionalLong(item, RUNNER_GROUP_ID),
                string(item, RUNNER_GROUP_NAME),
                optionalLong(item, INSTALLATION_ID));
        return new LedgerEntry(job, string(item, LAST_DELIVERY), string(item, LAST_ACTION),
                instant(item, RECORDED_AT), instant(item, CHECKED_AT), instant(item, EXPIRES_AT),
                string(item, OPEN_STATUS), string(item, ETAG));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Long value) {
        if (value != null) {
            item.put(name, n(value));
        }
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long longOf(Map<String, AttributeValue> item, String name) {
        Long value = optionalLong(item, name);
        if (value == null) {
            throw new IllegalStateException("ledger item " + string(item, PK) + " has no " + name);
        }
        return value;
    }

    private static Long optionalLong(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.valueOf(value.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        Long seconds = optionalLong(item, name);
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }
}
