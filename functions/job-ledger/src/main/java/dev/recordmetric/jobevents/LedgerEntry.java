package dev.recordmetric.jobevents;

import java.time.Instant;

/**
 * A job's item as the ledger holds it: the job and the ledger's own attributes.
 *
 * @param lastDelivery the {@code X-GitHub-Delivery} GUID of the write, or {@code reconciliation}
 * @param openStatus the sparse index's key: the status while open, null once completed
 * @param etag the ETag of GitHub's last answer for the job (reconciliation's conditional requests), or null
 */
public record LedgerEntry(
        LedgerJob job,
        String lastDelivery,
        String lastAction,
        Instant recordedAt,
        Instant checkedAt,
        Instant expiresAt,
        String openStatus,
        String etag) {
}
