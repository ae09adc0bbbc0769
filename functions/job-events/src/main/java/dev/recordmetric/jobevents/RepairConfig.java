package dev.recordmetric.jobevents;

import dev.recordmetric.common.Environment;
import java.net.URI;
import java.time.Duration;

/**
 * RepairJobLedger's configuration, read and checked once at start-up (the module's README,
 * "RepairJobLedger").
 */
record RepairConfig(String organization, URI githubApiUrl, String kmsKeyId, String table, LedgerRetention retention,
        WebhookHook hook, int pagesPerRun, int redeliveriesPerRun, Duration staleAfter, int reconciliationsPerRun,
        String metricNamespace) {

    static final String JOB_LEDGER_TABLE = "JOB_LEDGER_TABLE";
    static final String REDELIVERY_PAGES_PER_RUN = "REDELIVERY_PAGES_PER_RUN";
    static final String REDELIVERIES_PER_RUN = "REDELIVERIES_PER_RUN";
    static final String STALE_JOB_SECONDS = "STALE_JOB_SECONDS";
    static final String RECONCILIATIONS_PER_RUN = "RECONCILIATIONS_PER_RUN";
    static final String METRIC_NAMESPACE = "METRIC_NAMESPACE";

    static RepairConfig from(Environment env) {
        return new RepairConfig(env.organization(), env.githubApiUrl(), env.required(Environment.TOKEN_KMS_KEY_ID),
                env.required(JOB_LEDGER_TABLE), LedgerRetention.from(env), WebhookHook.from(env),
                whole(env, REDELIVERY_PAGES_PER_RUN, 3, 1, 10, "pages of 100 deliveries listed a run"),
                whole(env, REDELIVERIES_PER_RUN, 20, 0, 100, "redeliveries requested a run"),
                Duration.ofSeconds(whole(env, STALE_JOB_SECONDS, 600, 1, 7 * 24 * 3600,
                        "seconds an open job goes unwritten before reconciliation reads it from GitHub")),
                whole(env, RECONCILIATIONS_PER_RUN, 20, 0, 100, "jobs read from GitHub a run"),
                env.optional(METRIC_NAMESPACE).orElse("GitHubRunners"));
    }

    private static int whole(Environment env, String name, int otherwise, int min, int max, String meaning) {
        String raw = env.optional(name).orElse(null);
        if (raw == null || raw.isBlank()) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw Environment.malformed(name, "'" + raw + "' is not a number of " + meaning + " (a whole number from "
                + min + " to " + max + ")");
    }
}
