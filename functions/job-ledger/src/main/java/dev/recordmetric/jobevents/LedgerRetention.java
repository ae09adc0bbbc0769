package dev.recordmetric.jobevents;

import dev.recordmetric.common.Environment;
import java.time.Duration;

/**
 * How long items live (their {@code expires_at} TTL): completed jobs {@code completed} after their
 * completion, open ones {@code open} after their last write.
 */
public record LedgerRetention(Duration completed, Duration open) {

    public static final String COMPLETED_JOB_RETENTION_HOURS = "COMPLETED_JOB_RETENTION_HOURS";
    public static final String OPEN_JOB_RETENTION_HOURS = "OPEN_JOB_RETENTION_HOURS";
    public static final LedgerRetention DEFAULT = new LedgerRetention(Duration.ofHours(24), Duration.ofHours(168));

    public LedgerRetention {
        if (completed.isNegative() || completed.isZero() || open.isNegative() || open.isZero()) {
            throw new IllegalArgumentException("retentions must be positive: " + completed + ", " + open);
        }
    }

    public static LedgerRetention from(Environment env) {
        return new LedgerRetention(hours(env, COMPLETED_JOB_RETENTION_HOURS, DEFAULT.completed),
                hours(env, OPEN_JOB_RETENTION_HOURS, DEFAULT.open));
    }

    private static Duration hours(Environment env, String name, Duration otherwise) {
        String raw = env.optional(name).orElse(null);
        if (raw == null) {
            return otherwise;
        }
        try {
            long hours = Long.parseLong(raw);
            if (hours >= 1 && hours <= 24 * 366) {
                return Duration.ofHours(hours);
            }
        } catch (NumberFormatException notANumber) {
            // named below
        }
        throw Environment.malformed(name, "'" + raw + "' is not a whole number of hours from 1 to 8784");
    }
}
