package dev.recordmetric.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Monthly cost at one execution a minute, from the measured durations, and GitHub API use per hour.
 * Prices are list prices (us-east-1), without free tiers.
 */
final class Costs {

    static final int MEMORY_MB = 256;
    /** Lambda gives a function one vCPU's worth of CPU at 1,769 MB, proportionally less below. */
    static final int VCPU_MB = 1769;
    static final int EXECUTIONS_PER_MONTH = 43_200;
    static final double LAMBDA_X86_GB_SECOND = 0.0000166667;
    static final double LAMBDA_ARM_GB_SECOND = 0.0000133334;
    static final double LAMBDA_PER_REQUEST = 0.20 / 1_000_000;
    static final double STANDARD_PER_TRANSITION = 0.025 / 1_000;
    static final double EXPRESS_PER_REQUEST = 1.00 / 1_000_000;
    static final double EXPRESS_GB_SECOND = 0.00001667;
    static final double KMS_PER_REQUEST = 0.03 / 10_000;
    static final double SECRETS_PER_REQUEST = 0.05 / 10_000;
    static final double CLOUDWATCH_PER_REQUEST = 0.01 / 1_000;
    /** Assumed, not measured: Step Functions' own time per state plus the PutMetricData call. */
    static final long WORKFLOW_OVERHEAD_MS_PER_STATE = 25;
    static final int TOKEN_REUSE_MINUTES = 50;

    private static final String ASL = "terraform/templates/record-metric.asl.json";
    /** The happy path of the contract: StartRun, GetToken, its rate-limit Choice, ListRunners, its Choice, CountRunners, PutMetricData. */
    private static final int CONTRACT_STATES = 7;

    private Costs() {
    }

    static boolean aslPresent(Path root) {
        return Files.isRegularFile(root.resolve(ASL));
    }

    /** States entered on the happy path, following Next (a Choice's Default) from StartAt. */
    static int transitionsPerExecution(Path root) {
        if (!aslPresent(root)) {
            return CONTRACT_STATES;
        }
        try {
            JsonNode definition = Json.MAPPER.readTree(Files.readString(root.resolve(ASL)));
            JsonNode states = definition.path("States");
            Set<String> seen = new HashSet<>();
            String current = definition.path("StartAt").asText();
            while (current != null && seen.add(current)) {
                JsonNode state = states.path(current);
                current = "Choice".equals(state.path("Type").asText()) ? state.path("Default").asText(null)
                        : state.path("Next").asText(null);
            }
            return seen.size();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ASL, e);
        }
    }

    private static long billedMs(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }

    static String section(List<Integer> sizes, Main.WarmResult warm, int transitions, boolean fromAsl) {
        long getTokenMs = billedMs(warm.getTokenApp().lambdaEstimate());
        var table = new Markdown("runners", "Lambda GB-s / month", "Lambda x86", "Lambda arm64",
                "Step Functions STANDARD", "Step Functions EXPRESS", "KMS", "Secrets Manager", "CloudWatch",
                "total STANDARD + arm64", "total EXPRESS + arm64");
        double kms = 2.0 * EXECUTIONS_PER_MONTH * KMS_PER_REQUEST;
        double secrets = (double) EXECUTIONS_PER_MONTH / TOKEN_REUSE_MINUTES * SECRETS_PER_REQUEST;
        double cloudWatch = EXECUTIONS_PER_MONTH * CLOUDWATCH_PER_REQUEST;
        double standard = (double) transitions * EXECUTIONS_PER_MONTH * STANDARD_PER_TRANSITION;
        for (int size : sizes) {
            long listMs = billedMs(warm.listRunners().get(size).lambdaEstimate());
            double gbSeconds = (getTokenMs + listMs) / 1000.0 * MEMORY_MB / 1024.0 * EXECUTIONS_PER_MONTH;
            double requests = 2.0 * EXECUTIONS_PER_MONTH * LAMBDA_PER_REQUEST;
            double x86 = gbSeconds * LAMBDA_X86_GB_SECOND + requests;
            double arm = gbSeconds * LAMBDA_ARM_GB_SECOND + requests;
            long workflowMs = getTokenMs + listMs + transitions * WORKFLOW_OVERHEAD_MS_PER_STATE;
            long billed100Ms = (workflowMs + 99) / 100 * 100;
            double express = EXECUTIONS_PER_MONTH * (EXPRESS_PER_REQUEST + billed100Ms / 1000.0 * 0.0625 * EXPRESS_GB_SECOND);
            double common = kms + secrets + cloudWatch;
            table.row(Markdown.number(size), String.format(java.util.Locale.ROOT, "%,.0f", gbSeconds),
                    Markdown.dollars(x86), Markdown.dollars(arm), Markdown.dollars(standard), Markdown.dollars(express),
                    Markdown.dollars(kms), Markdown.dollars(secrets), Markdown.dollars(cloudWatch),
                    Markdown.dollars(arm + standard + common), Markdown.dollars(arm + express + common));
        }
        return "## Cost per month at one run a minute\n\n"
                + Markdown.number(EXECUTIONS_PER_MONTH) + " executions (30 days), list prices without free tiers."
                + " Lambda: " + MEMORY_MB + " MB, billed per ms, durations = the estimated Lambda durations above"
                + " (GetToken with a cached App token: " + getTokenMs + " ms; ListRunners per fleet size), x86 $0.0000166667"
                + " or arm64 $0.0000133334 per GB-s, plus $0.20 per million"
                + " requests (2 per execution). STANDARD: " + transitions + " state transitions per execution ("
                + (fromAsl ? "the happy path of terraform/templates/record-metric.asl.json" : "the contract's happy path;"
                        + " the ASL file is not on this branch yet") + ") at $0.025 per 1,000; retries add transitions."
                + " EXPRESS: $1.00 per million requests plus $0.00001667 per GB-s at 64 MB, the duration being both"
                + " functions plus an assumed " + WORKFLOW_OVERHEAD_MS_PER_STATE + " ms per state, rounded up to 100 ms."
                + " KMS: Encrypt + Decrypt per execution at $0.03 per 10,000. Secrets Manager: with the App's token"
                + " cache, one GetSecretValue per mint (one per 50 minutes) at $0.05 per 10,000 (a personal access"
                + " token is read every run: $" + String.format(java.util.Locale.ROOT, "%.2f",
                        EXECUTIONS_PER_MONTH * SECRETS_PER_REQUEST) + "). CloudWatch: one PutMetricData request"
                + " (both metrics) per execution at $0.01 per 1,000. Cold starts (billed init) are left out: one a day"
                + " costs well under a cent.\n\n" + table + '\n';
    }

    static String rateLimitSection(List<Integer> sizes) {
        var table = new Markdown("runners", "original: listing requests / h (30/page)",
                "as built: counted / h, still fleet (100/page)", "as built: counted / h, at most (fleet moving)",
                "PAT 5,000 / h", "App 5,000 / h (minimum)", "App 12,500 / h (large org)", "App 15,000 / h (Enterprise Cloud)");
        for (int size : sizes) {
            long original = 60L * Math.max(1, (size + 29) / 30);
            int pages = Math.max(1, (size + 99) / 100);
            // The first pass counts; the second (with more than one page) asks every page again with
            // If-None-Match: 304s, not counted, on a still fleet; 200s, counted, when runners
            // (un)registered, since total_count on every page changes. It is skipped when it would
            // take what later runs' first passes need.
            long still = 60L * pages;
            long moving = 60L * (pages == 1 ? 1 : 2L * pages);
            table.row(Markdown.number(size), Markdown.number(original), Markdown.number(still), Markdown.number(moving),
                    fits(moving, 5_000), fits(moving, 5_000), fits(moving, 12_500), fits(moving, 15_000));
        }
        return "## GitHub API requests per hour\n\n"
                + "One listing a minute: a first pass of one request per page and, with more than one page, a second pass"
                + " asking every page again with If-None-Match. A page answered 304 Not Modified does not count against the"
                + " primary rate limit (GitHub Docs, \"Best practices for using the REST API\"); on a still fleet every"
                + " second-pass page is one. When runners register or deregister, total_count changes on every page and"
                + " the second pass counts in full, unless the limit left could not also pay later runs' first passes"
                + " until its reset: then it is skipped. Token requests come on top: as built, a GitHub App mints one"
                + " installation token per 50 minutes (3 requests, authenticated with the App's JWT, not counted against"
                + " the installation's limit); the original minted one every minute. The last four columns judge the"
                + " as-built figure at most.\n\n"
                + table + '\n';
    }

    private static String fits(long perHour, long limit) {
        return perHour <= limit ? "fits (" + (perHour * 100 / limit) + " %)" : "**exceeds** (" + (perHour * 100 / limit) + " %)";
    }
}
