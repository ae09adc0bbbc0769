package dev.recordmetric.listrunners;

import dev.recordmetric.common.AwsErrors;
import dev.recordmetric.common.Environment;
import dev.recordmetric.jobevents.DemandCursor;
import dev.recordmetric.jobevents.JobLedger;
import dev.recordmetric.jobevents.JobStatus;
import dev.recordmetric.jobevents.LedgerEntry;
import dev.recordmetric.jobevents.LedgerJob;
import dev.recordmetric.jobevents.LedgerRetention;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * ListRunners' reads of the job ledger ({@code JOB_LEDGER_TABLE}): the open jobs queued and in
 * progress ({@link JobLedger#openJobs}, the {@code open-jobs} index, every page), the jobs started
 * within {@link Demand#STARTS_WINDOW} ({@link JobLedger#startedSince}, the {@code job-starts} index) and the previous run's
 * {@link DemandCursor}; then the next cursor's conditional write. A failed read fails the run with a
 * named error ({@code TransientException} for throttling, 5xx or no answer, which the state machine
 * retries; {@code InvalidConfigurationException} for a refusal such as a missing permission) and
 * nothing is published, as for a partial runner listing: demand counted from part of the ledger would
 * publish a made-up QueuedJobs (too few queued jobs would scale in a pool that has work).
 */
final class LedgerDemand {

    static final String TABLE = "JOB_LEDGER_TABLE";
    private static final String FIX = "check that the function's role may dynamodb:Query the table's open-jobs and job-starts indexes and"
            + " dynamodb:GetItem/PutItem its cursor#demand item, and that " + TABLE + " names the ledger table (Terraform's"
            + " job_events)";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final JobLedger ledger;
    private final List<List<String>> jobLabels;

    LedgerDemand(DynamoDbClient dynamoDb, String table, List<List<String>> jobLabels) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        // Retention matters only to writes, which ListRunners makes none of but the cursor's.
        this.ledger = new JobLedger(dynamoDb, table, LedgerRetention.DEFAULT);
        this.jobLabels = List.copyOf(jobLabels);
    }

    /** Present when {@code JOB_LEDGER_TABLE} is set (job_events on). */
    static Optional<String> table(Environment env) {
        return env.optional(TABLE).filter(name -> !name.isBlank());
    }

    /** Reads the ledger, computes the demand and writes the next cursor; the waits are left out if another run wrote it meanwhile. */
    Demand count(List<RunnerPool> pools, Listing listing, Instant observedAt) {
        DemandCursor previous;
        List<LedgerJob> queued;
        List<LedgerJob> inProgress;
        List<LedgerJob> started;
        try {
            previous = DemandCursor.read(dynamoDb, table);
            queued = jobs(JobStatus.QUEUED);
            inProgress = jobs(JobStatus.IN_PROGRESS);
            started = ledger.startedSince(observedAt.minus(Demand.STARTS_WINDOW), observedAt).stream()
                    .map(LedgerEntry::job).toList();
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "reading the job ledger " + table, FIX);
        }
        Demand demand = Demand.compute(pools, listing.runners(), jobLabels, queued, inProgress, started, previous,
                observedAt);
        boolean written;
        try {
            written = previous.replaceWith(dynamoDb, table, demand.next());
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "writing ListRunners' cursor in the job ledger " + table, FIX);
        }
        return written ? demand : demand.withoutWaits();
    }

    /** Runs the reads' SDK path once on an offline client answering {@code {}} (Lambda's constructor: cold start). */
    static void prime(DynamoDbClient offline) {
        LedgerDemand priming = new LedgerDemand(offline, "priming", List.of());
        priming.jobs(JobStatus.QUEUED);
        Instant now = Instant.now();
        priming.ledger.startedSince(now.minus(Demand.STARTS_WINDOW), now);
        DemandCursor.read(offline, "priming");
    }

    private List<LedgerJob> jobs(JobStatus status) {
        return ledger.openJobs(status).stream().map(LedgerEntry::job).toList();
    }
}
