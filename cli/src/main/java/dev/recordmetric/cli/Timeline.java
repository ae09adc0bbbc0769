package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an execution the way the Step Functions console's execution view shows it, one line per
 * state as it ends: duration, each retry with its error, a failure's Error and Cause; then the
 * runners seen and the datapoints. Fed event by event, so it prints live; builds a {@link
 * RunRecord} on the way. Text is printed only when {@code out} is not null (JSON mode prints the
 * record instead). Not thread-safe: feed it from one thread at a time.
 */
final class Timeline {

    /** At most this many runner names per group are printed. */
    static final int NAMES_SHOWN = 8;
    private static final int CAUSE_SHOWN = 160;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final RunRecord record;
    private final PrintStream out;
    private final Style style;

    Timeline(String executionArn, PrintStream out, Style style) {
        this.record = new RunRecord(executionArn);
        this.out = out;
        this.style = style;
    }

    RunRecord record() {
        return record;
    }

    synchronized void accept(TimelineEvent event) {
        switch (event.kind()) {
            case STARTED -> record.startedAt = event.timestamp();
            case ENTERED -> {
                closeFailedStates();
                if (record.startedAt == null) {
                    record.startedAt = event.timestamp();
                }
                RunRecord.StateRecord state =
                        new RunRecord.StateRecord(event.state(), event.stateType(), event.timestamp(), event.data());
                record.states.add(state);
                if ("Fail".equals(event.stateType())) {
                    state.outcome = "FAILED";
                    state.endedAt = event.timestamp();
                    print("  " + style.red("✗") + " " + pad(state.name, 20) + pad("Fail", 6) + style.dim("the execution fails here"));
                }
            }
            case FAILED -> {
                RunRecord.StateRecord state = record.current(event.state());
                if (state != null && "Fail".equals(state.type)) {
                    state.failure = new RunRecord.Failure(event.error(), event.cause());
                } else if (state != null) {
                    state.pendingFailure = new RunRecord.Failure(event.error(), event.cause());
                    state.endedAt = event.timestamp();
                }
            }
            case RETRIED -> {
                RunRecord.StateRecord state = record.current(event.state());
                if (state != null && state.pendingFailure != null) {
                    RunRecord.Failure failure = state.pendingFailure;
                    state.retries.add(failure);
                    state.pendingFailure = null;
                    print("  " + style.yellow("↻") + " " + pad(state.name, 20) + pad(state.type, 6)
                            + style.yellow("retry " + state.retries.size() + " after " + shortName(failure.error()))
                            + style.dim(": " + truncate(TerminalText.safe(readableCause(failure.cause())), CAUSE_SHOWN)));
                }
            }
            case EXITED -> {
                RunRecord.StateRecord state = record.current(event.state());
                if (state != null && state.pendingFailure != null) {
                    state.endedAt = event.timestamp();
                    state.output = event.data();
                    fail(state);
                } else if (state != null) {
                    state.endedAt = event.timestamp();
                    state.output = event.data();
                    state.outcome = "SUCCEEDED";
                    state.pendingFailure = null;
                    String retries = state.retries.isEmpty() ? "" : style.dim("  after " + state.retries.size()
                            + (state.retries.size() == 1 ? " retry" : " retries"));
                    print("  " + style.green("✓") + " " + pad(state.name, 20) + pad(state.type, 6) + seconds(state.duration())
                            + retries + detail(state));
                }
            }
            case ENDED -> {
                closeFailedStates();
                record.endedAt = event.timestamp();
                record.status = event.status();
                record.error = event.error();
                record.cause = event.cause();
            }
        }
    }

    /** States whose last attempt failed and that were left without exiting (the end): print their failure. */
    private void closeFailedStates() {
        for (RunRecord.StateRecord state : record.states) {
            if (state.pendingFailure != null) {
                fail(state);
            }
        }
    }

    /** The last attempt failed and no retry followed: the state failed, whether a Catch took over or not. */
    private void fail(RunRecord.StateRecord state) {
        state.failure = state.pendingFailure;
        state.pendingFailure = null;
        state.outcome = "FAILED";
        print("  " + style.red("✗") + " " + pad(state.name, 20) + pad(state.type, 6) + seconds(state.duration())
                + "  " + style.red(shortName(state.failure.error())));
        print("      " + style.dim(TerminalText.safe(readableCause(state.failure.cause()))));
    }

    private String detail(RunRecord.StateRecord state) {
        JsonNode output = state.output;
        if (output == null) {
            return "";
        }
        JsonNode listing = RunRecord.listing(output);
        if (state.name.equals("ListRunners") && listing.has("busy")) {
            int pools = listing.path("pools").size();
            return style.dim("  " + listing.path("runnersSeen").asInt() + " runners seen in " + listing.path("pages").asInt()
                    + (listing.path("pages").asInt() == 1 ? " page" : " pages") + (pools > 1 ? ", counted for " + pools + " pools" : "")
                    + uncertainty(listing));
        }
        if (state.name.equals("ListRunners") && listing.has("rateLimit")) {
            return style.dim("  rate-limited by GitHub: waits " + listing.path("rateLimit").path("waitSeconds").asInt() + " s");
        }
        if (state.name.equals("GetToken") && output.has("credentialType")) {
            return style.dim("  " + output.path("credentialType").asText() + (output.path("fromCache").asBoolean() ? ", cached" : ""));
        }
        return "";
    }

    /**
     * How far the counts can be from the truth during the listing (issue 17): ListRunners'
     * {@code uncertainty}, and whether a second pass checked the first.
     */
    private static String uncertainty(JsonNode listing) {
        if (!listing.has("uncertainty")) {
            return "";
        }
        String passes = listing.path("secondPass").asBoolean()
                ? ", checked by a second pass (" + listing.path("notModified").asInt() + " pages unchanged)"
                : listing.path("pages").asInt() > 1 ? ", no second pass" : "";
        return passes + ", counts within ±" + listing.path("uncertainty").asInt();
    }

    /** The header line of a run. */
    void printHeader(String title) {
        print(style.bold(title) + "  " + style.dim(record.executionName()));
    }

    /** Runners, datapoints and the outcome: printed once the execution ended. */
    void printSummary(String datapointsNote) {
        JsonNode runners = record.runners();
        if (runners != null) {
            // Per pool when ListRunners reports pools (one pool prints as the single fleet it is).
            JsonNode pools = runners.path("pools");
            List<JsonNode> groups = new ArrayList<>();
            if (pools.isArray() && !pools.isEmpty()) {
                pools.forEach(groups::add);
            } else {
                groups.add(runners);
            }
            for (int i = 0; i < groups.size(); i++) {
                JsonNode pool = groups.get(i);
                String indent = "            ";
                if (groups.size() > 1) {
                    print((i == 0 ? "  runners   " : indent) + style.bold("pool " + TerminalText.safe(pool.path("asgName").asText()))
                            + style.dim(" (" + TerminalText.safe(pool.path("label").asText()) + ")"));
                }
                String first = groups.size() > 1 ? indent + "  " : "  runners   ";
                String rest = groups.size() > 1 ? indent + "  " : indent;
                print(first + group(pool, "busy", style::green));
                print(rest + group(pool, "idle", style::cyan));
                print(rest + group(pool, "offline", style::dim));
            }
            if (runners.path("namesOmitted").asInt() > 0) {
                print("            " + style.dim(runners.path("namesOmitted").asInt() + " names left out by ListRunners to stay small; counts are exact"));
            }
        }
        if (!record.datapoints.isEmpty()) {
            // One line per dimension (a pool, or the deployment's API budget), in the request's order.
            Map<String, List<RunRecord.Datapoint>> byDimensions = new LinkedHashMap<>();
            for (RunRecord.Datapoint d : record.datapoints) {
                byDimensions.computeIfAbsent(d.dimensions(), key -> new ArrayList<>()).add(d);
            }
            boolean firstLine = true;
            for (List<RunRecord.Datapoint> points : byDimensions.values()) {
                RunRecord.Datapoint first = points.getFirst();
                StringBuilder values = new StringBuilder();
                for (RunRecord.Datapoint d : points) {
                    if (!values.isEmpty()) {
                        values.append(", ");
                    }
                    values.append(d.metricName()).append(" = ").append(style.bold(shown(d)));
                }
                print((firstLine ? "  published " : "            ") + first.namespace() + " " + values
                        + style.dim("  (" + first.unit() + ", " + TerminalText.safe(first.dimensions()) + ", " + first.timestamp() + ")")
                        + (firstLine && datapointsNote != null ? style.dim("  " + datapointsNote) : ""));
                firstLine = false;
            }
        }
        String took = " in " + seconds(record.duration());
        if (record.succeeded()) {
            print("  " + style.green(style.bold("SUCCEEDED")) + took);
        } else {
            print("  " + style.red(style.bold(record.status)) + took + "  " + style.red(TerminalText.safe(String.valueOf(record.error))));
            if (record.cause != null && !causeShownByAState(record.cause)) {
                print("      " + TerminalText.safe(readableCause(record.cause)));
            }
            print("  " + style.dim("nothing published for this run"));
        }
    }

    /** A datapoint's value; JobWaitSeconds is sent as Values and Counts: how many values. */
    private String shown(RunRecord.Datapoint d) {
        if (d.metricName().equals("JobWaitSeconds") && record.demand != null && d.dimensions().startsWith("asg_name=")) {
            DemandView.Pool pool = record.demand.pools().get(d.dimensions().substring("asg_name=".length()));
            if (pool != null) {
                return plural(pool.jobWaits().size(), "value", "values");
            }
        }
        return number(d.value());
    }

    /**
     * The demand the run published, per pool: queued jobs and how long the oldest has waited, the
     * waits of the jobs that started since the run before, busy runners by the ledger and how many
     * busy flags disagreed; with the simulated organization, how long its queued deliveries took to
     * be counted.
     */
    void printDemand(DemandView demand, QueuedToPublished.Figures figures) {
        boolean first = true;
        for (DemandView.Pool pool : demand.pools().values()) {
            StringBuilder line = new StringBuilder(first ? "  demand    " : "            ");
            line.append(style.bold(TerminalText.safe(pool.asgName()))).append(": ")
                    .append(pool.queued() > 0 ? style.yellow(pool.queued() + " queued") : "0 queued");
            if (pool.queued() > 0) {
                line.append(", oldest waiting ").append(number(pool.oldestQueuedSeconds())).append(" s");
            }
            if (!pool.jobWaits().isEmpty()) {
                line.append(" · ").append(plural(pool.jobWaits().size(), "job", "jobs")).append(" started, waited p50 ")
                        .append(number(DemandView.percentile(pool.jobWaits(), 50))).append(" s, max ")
                        .append(number(DemandView.percentile(pool.jobWaits(), 100))).append(" s");
            }
            line.append(" · ").append(pool.busy()).append(" busy by the ledger");
            if (pool.busyFlagDisagreements() > 0) {
                line.append(style.yellow(" (" + plural(pool.busyFlagDisagreements(), "busy flag", "busy flags") + " disagreed)"));
            }
            print(line.toString());
            first = false;
        }
        if (demand.unmatchedQueuedJobs() != null && demand.unmatchedQueuedJobs() > 0) {
            print("            " + style.yellow(plural(demand.unmatchedQueuedJobs(), "queued job fits", "queued jobs fit") + " no pool"));
        }
        if (figures != null && !figures.delays().isEmpty()) {
            long max = figures.delays().stream().mapToLong(Duration::toMillis).max().orElse(0);
            print("            " + style.dim(plural(figures.delays().size(), "queued job", "queued jobs") + " newly counted, at most "
                    + seconds(Duration.ofMillis(max)).strip() + " after the queued delivery"));
        }
    }

    /**
     * The job ledger after the run and its repairs: the ledger's jobs by status against GitHub's, the
     * webhook's deliveries since the previous run (dropped, redelivered), what repair-job-ledger did.
     */
    void printLedger(LedgerView ledger) {
        List<String> held = new ArrayList<>();
        for (String status : LedgerView.STATUSES) {
            int count = ledger.count(ledger.ledger(), status);
            if (count > 0 || !status.equals("waiting")) {
                held.add(count + " " + status.replace('_', ' '));
            }
        }
        print("  ledger    " + String.join(" · ", held) + style.dim("  (DynamoDB table, written by the receiver)"));
        print("            deliveries " + ledger.deliveries() + ", " + (ledger.dropped() > 0 ? style.yellow(ledger.dropped() + " dropped")
                : "0 dropped") + ", " + ledger.redelivered() + " redelivered" + style.dim("  (workflow_job webhook, signed, to the"
                + " local function URL)"));
        LedgerView.Repairs repairs = ledger.repairs();
        if (repairs != null) {
            boolean ok = "SUCCEEDED".equals(repairs.status());
            // "after", not "in": a run's own outcome line is "SUCCEEDED in ..."
            print("  repairs   repair-job-ledger " + (ok ? style.green("SUCCEEDED") : style.red(repairs.status()))
                    + " after " + seconds(Duration.ofMillis(repairs.durationMs())).strip() + ": "
                    + plural(repairs.failedDeliveries(), "failed delivery", "failed deliveries") + ", "
                    + style.bold(plural(repairs.redeliveriesRequested(), "redelivery", "redeliveries") + " requested") + "; "
                    + plural(repairs.staleJobsChecked(), "stale job", "stale jobs") + " checked, "
                    + style.bold(repairs.jobsCorrected() + " corrected") + ", " + repairs.jobsClosed() + " closed"
                    + (ok ? "" : "  " + style.red(TerminalText.safe(String.valueOf(repairs.error())))));
        }
        int jobs = ledger.githubJobs().size();
        if (ledger.matchesGitHub()) {
            print("            " + style.green("✓") + " the ledger holds GitHub's " + jobs + " jobs, each at GitHub's status");
        } else {
            List<String> shown = ledger.differences().subList(0, Math.min(NAMES_SHOWN, ledger.differences().size()));
            print("            " + style.yellow("!") + " " + ledger.differences().size() + " of " + jobs + " jobs differ from GitHub: "
                    + TerminalText.safe(String.join("; ", shown)) + (shown.size() < ledger.differences().size() ? "; ..." : "")
                    + style.dim(" (a dropped redelivery waits for reconciliation: STALE_JOB_SECONDS, at least 60 s)"));
        }
    }

    private static String plural(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    /** A Fail state repeats the failed task's Cause: printed under the task already, it is not printed again. */
    private boolean causeShownByAState(String cause) {
        String shown = readableCause(cause);
        return record.states.stream().anyMatch(s -> s.failure != null && !"Fail".equals(s.type)
                && readableCause(s.failure.cause()).equals(shown));
    }

    private String group(JsonNode runners, String name, java.util.function.UnaryOperator<String> paint) {
        JsonNode group = runners.path(name);
        int count = group.path("count").asInt();
        List<String> names = new ArrayList<>();
        group.path("names").forEach(n -> names.add(TerminalText.safe(n.asText())));
        StringBuilder text = new StringBuilder(paint.apply(pad(count + " " + name, 10)));
        int shown = Math.min(names.size(), NAMES_SHOWN);
        text.append(String.join(", ", names.subList(0, shown)));
        if (count > shown) {
            text.append(style.dim((shown == 0 ? "" : ", ") + "+" + (count - shown) + " more"));
        }
        return text.toString();
    }

    private void print(String line) {
        if (out != null) {
            out.println(line.stripTrailing());
            out.flush();
        }
    }

    static String clock(java.time.Instant instant) {
        return CLOCK.format(instant);
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    static String seconds(Duration duration) {
        long ms = duration.toMillis();
        return ms < 1000 ? pad(ms + " ms", 8) : pad(String.format(Locale.ROOT, "%.2f s", ms / 1000.0), 8);
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    /** {@code dev.recordmetric.errors.AuthenticationException} → {@code AuthenticationException}. */
    static String shortName(String error) {
        if (error == null) {
            return "error";
        }
        return TerminalText.safe(error.startsWith("dev.recordmetric.") ? error.substring(error.lastIndexOf('.') + 1) : error);
    }

    /**
     * A Lambda error's cause is the function's error object: its message. Not escaped: the JSON and
     * HTML reports escape it their way; the terminal prints it through {@link TerminalText#safe}.
     */
    static String readableCause(String cause) {
        if (cause == null) {
            return "";
        }
        String trimmed = cause.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode json = Json.MAPPER.readTree(trimmed);
                if (json.hasNonNull("errorMessage")) {
                    return json.get("errorMessage").asText();
                }
            } catch (java.io.IOException | RuntimeException notJson) {
                // shown as it is
            }
        }
        return trimmed;
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
