package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders a {@link Report.Snapshot} as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched. */
final class ReportPage {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Report.Snapshot report;
    private final Redactor redactor;
    private final StringBuilder html = new StringBuilder(32_768);

    private ReportPage(Report.Snapshot report, Redactor redactor) {
        this.report = report;
        this.redactor = redactor;
    }

    static String render(Report.Snapshot report, Redactor redactor) {
        return new ReportPage(report, redactor).page();
    }

    private String page() {
        List<RunSummary> runs = report.runs();
        long failed = runs.stream().filter(r -> !r.succeeded()).count();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>record-metric run: ").append(report.total()).append(report.total() == 1 ? " run" : " runs")
                .append("</title>\n<style>\n").append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n");
        html.append("<header>\n<h1>record-metric run</h1>\n<p class=\"source\">").append(text(report.source())).append("</p>\n")
                .append("<p class=\"meta\">").append(report.total()).append(report.total() == 1 ? " run" : " runs");
        if (report.total() > 0) {
            html.append(" (").append(runs.size() < report.total() ? "the last " + runs.size() + ": " : "")
                    .append(runs.size() - failed).append(" succeeded, ").append(failed).append(" failed)");
        }
        html.append(" · updated ").append(DATE_TIME.format(report.updatedAt())).append(" UTC · this file is rewritten after every run:"
                + " reload for the latest</p>\n</header>\n<main>\n");
        lastRun();
        chart(runs);
        table(runs);
        demandTable(report.demands());
        ledgerTable(report.ledgers());
        html.append("<details class=\"definition\"><summary>The definition that ran</summary>\n<pre>")
                .append(json(parse(report.definition()))).append("</pre></details>\n");
        return redactor.text(html.append("</main>\n</body>\n</html>\n").toString());
    }

    private void lastRun() {
        RunRecord last = report.last();
        Map<String, GraphSvg.Mark> marks = new HashMap<>();
        Set<String> taken = new HashSet<>();
        if (last != null) {
            for (int i = 0; i < last.states.size(); i++) {
                RunRecord.StateRecord state = last.states.get(i);
                marks.put(state.name, new GraphSvg.Mark(StateOutcome.of(state), note(state), "state-" + i));
                if (i > 0) {
                    taken.add(last.states.get(i - 1).name + "→" + state.name);
                }
            }
        }
        html.append("<div class=\"top\">\n<section class=\"machine\">\n<h2>State machine</h2>\n")
                .append("<p class=\"hint\">coloured by the last run; a state links to its input and output</p>\n")
                .append(GraphSvg.draw(report.graph(), marks, taken)).append('\n');
        html.append("<ul class=\"legend\">");
        for (StateOutcome outcome : StateOutcome.values()) {
            html.append("<li><span class=\"swatch ").append(outcome.cssClass()).append("\"></span>").append(outcome.label()).append("</li>");
        }
        html.append("</ul>\n</section>\n<section class=\"states\">\n");
        if (last == null) {
            html.append("<h2>Last run</h2>\n<p class=\"empty\">Waiting for the first run to end.</p>\n</section>\n</div>\n");
            return;
        }
        RunSummary summary = report.runs().getLast();
        html.append("<h2>Last run: run ").append(summary.run()).append(" at ").append(time(last.startedAt)).append(" UTC, <span class=\"")
                .append(last.succeeded() ? "ok" : "bad").append("\">").append(text(last.status)).append("</span> in ")
                .append(duration(last.duration())).append("</h2>\n<p class=\"hint\">execution ").append(text(last.executionName()))
                .append("</p>\n");
        if (!last.succeeded()) {
            failure("The execution failed", last.error, last.cause);
        }
        if (!last.datapoints.isEmpty()) {
            html.append("<p class=\"published\">published ");
            for (int i = 0; i < last.datapoints.size(); i++) {
                RunRecord.Datapoint d = last.datapoints.get(i);
                html.append(i == 0 ? "" : ", ").append(text(d.metricName())).append(" = <b>").append(Timeline.number(d.value()))
                        .append("</b>");
            }
            RunRecord.Datapoint first = last.datapoints.getFirst();
            html.append(" <span class=\"hint\">(").append(text(first.namespace() + ", " + first.dimensions() + ", " + first.unit()))
                    .append(")</span></p>\n");
        }
        for (int i = 0; i < last.states.size(); i++) {
            state(i, last.states.get(i));
        }
        html.append("</section>\n</div>\n");
    }

    private void state(int index, RunRecord.StateRecord state) {
        StateOutcome outcome = StateOutcome.of(state);
        html.append("<details class=\"state-io\" id=\"state-").append(index).append('"')
                .append(outcome == StateOutcome.FAILED ? " open" : "").append(">\n<summary><span class=\"swatch ")
                .append(outcome.cssClass()).append("\"></span><b>").append(text(state.name)).append("</b> <span class=\"hint\">")
                .append(text(state.type)).append(" · ").append(outcome.label());
        if (!"Fail".equals(state.type)) {
            html.append(" · ").append(duration(state.duration()));
        }
        html.append("</span></summary>\n");
        for (int r = 0; r < state.retries.size(); r++) {
            RunRecord.Failure retry = state.retries.get(r);
            failure("Retry " + (r + 1) + " after", retry.error(), retry.cause());
        }
        if (state.failure != null && !"Fail".equals(state.type)) {
            failure("Failed", state.failure.error(), state.failure.cause());
        }
        html.append("<h4>Input</h4>\n<pre>").append(json(state.input)).append("</pre>\n");
        if (!"Fail".equals(state.type)) {
            html.append("<h4>Output</h4>\n").append(state.output == null ? "<p class=\"hint\">none: the state did not succeed</p>\n"
                    : "<pre>" + json(state.output) + "</pre>\n");
        }
        html.append("</details>\n");
    }

    private void failure(String title, String error, String cause) {
        html.append("<div class=\"failure\"><b>").append(text(title)).append("</b> <code>").append(text(error)).append("</code>");
        String readable = Timeline.readableCause(cause);
        if (!readable.isEmpty()) {
            html.append("<div class=\"cause\">").append(text(readable)).append("</div>");
        }
        html.append("</div>\n");
    }

    private void chart(List<RunSummary> runs) {
        html.append("<section class=\"chart\">\n<h2>Busy and idle runners</h2>\n");
        if (runs.isEmpty()) {
            html.append("<p class=\"empty\">No runs yet.</p>\n");
        } else {
            html.append("<p class=\"hint\">as ListRunners counted them in each run; a gap is a run that did not count</p>\n")
                    .append(ReportChart.draw(runs)).append('\n');
        }
        html.append("</section>\n");
    }

    /**
     * Queued jobs and waits over the runs, per pool: the waits' p50 and p95 over every job that started in
     * the runs shown (JobWaitSeconds, as CloudWatch's percentiles of the published values would give), then
     * each run's queued jobs, oldest wait, busy runners by the ledger beside the listing's idle, and the busy
     * flags that disagreed.
     */
    private void demandTable(List<Report.DemandRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, List<Double>> waits = new java.util.LinkedHashMap<>();
        for (Report.DemandRow row : rows) {
            row.demand().pools().forEach((pool, values) -> waits.computeIfAbsent(pool, key -> new java.util.ArrayList<>())
                    .addAll(values.jobWaits()));
        }
        html.append("<section class=\"demand\">\n<h2>Queued jobs and waits</h2>\n<p class=\"meta\">What ListRunners published from"
                + " the job ledger (QueuedJobs, OldestQueuedJobAgeSeconds, JobWaitSeconds, ledger-corrected BusyRunners,"
                + " BusyFlagDisagreements).</p>\n<table class=\"waits\">\n<thead><tr><th>pool</th><th>jobs started</th>"
                + "<th>wait p50</th><th>wait p95</th><th>wait max</th></tr></thead>\n<tbody>\n");
        waits.forEach((pool, values) -> html.append("<tr data-pool=\"").append(text(pool)).append("\"><td>").append(text(pool))
                .append("</td><td class=\"num\">").append(values.size()).append("</td><td class=\"num p50\">")
                .append(waitText(DemandView.percentile(values, 50))).append("</td><td class=\"num p95\">")
                .append(waitText(DemandView.percentile(values, 95))).append("</td><td class=\"num\">")
                .append(waitText(DemandView.percentile(values, 100))).append("</td></tr>\n"));
        html.append("</tbody>\n</table>\n<table class=\"queued\">\n<thead><tr><th>run</th><th>started (UTC)</th><th>pool</th>"
                + "<th>queued</th><th>oldest wait</th><th>busy (ledger)</th><th>idle</th><th>busy flags disagreeing</th>"
                + "<th>jobs started</th></tr></thead>\n<tbody>\n");
        for (int i = rows.size() - 1; i >= 0; i--) {
            Report.DemandRow row = rows.get(i);
            for (DemandView.Pool pool : row.demand().pools().values()) {
                html.append("<tr data-run=\"").append(row.run()).append("\"><td class=\"num\">").append(row.run()).append("</td><td>")
                        .append(time(row.startedAt())).append("</td><td>").append(text(pool.asgName()))
                        .append("</td><td class=\"num queued\">").append(pool.queued()).append("</td><td class=\"num\">")
                        .append(waitText(pool.oldestQueuedSeconds())).append("</td><td class=\"num busy\">").append(pool.busy())
                        .append("</td><td class=\"num idle\">").append(pool.idle()).append("</td><td class=\"num\">")
                        .append(pool.busyFlagDisagreements()).append("</td><td class=\"num\">").append(pool.jobWaits().size())
                        .append("</td></tr>\n");
            }
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private static String waitText(double seconds) {
        return Double.isNaN(seconds) ? "–" : Timeline.number(seconds) + " s";
    }

    /** The job ledger after each run: its jobs by status, the webhook's deliveries, what the repairs did, whether it matches GitHub. */
    private void ledgerTable(List<Report.LedgerRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        html.append("<section class=\"ledger\">\n<h2>Job ledger</h2>\n<p class=\"meta\">After each run and its repair-job-ledger"
                + " execution: the ledger's jobs by status (GitHub's in brackets when they differ), the workflow_job deliveries since"
                + " the run before, and what the repairs did.</p>\n<table>\n<thead><tr><th>run</th><th>queued</th><th>in progress</th>"
                + "<th>completed</th><th>deliveries</th><th>dropped</th><th>redelivered</th><th>redeliveries requested</th>"
                + "<th>jobs corrected</th><th>repairs</th><th>matches GitHub</th></tr></thead>\n<tbody>\n");
        for (int i = rows.size() - 1; i >= 0; i--) {
            Report.LedgerRow row = rows.get(i);
            LedgerView ledger = row.ledger();
            LedgerView.Repairs repairs = ledger.repairs();
            html.append("<tr data-run=\"").append(row.run()).append("\"><td class=\"num\">").append(row.run()).append("</td>");
            for (String status : List.of("queued", "in_progress", "completed")) {
                int held = ledger.count(ledger.ledger(), status);
                int truth = ledger.count(ledger.github(), status);
                html.append("<td class=\"num\">").append(held).append(held == truth ? "" : " (" + truth + ")").append("</td>");
            }
            html.append("<td class=\"num\">").append(ledger.deliveries()).append("</td><td class=\"num\">").append(ledger.dropped())
                    .append("</td><td class=\"num\">").append(ledger.redelivered()).append("</td><td class=\"num\">")
                    .append(repairs == null ? "" : Integer.toString(repairs.redeliveriesRequested())).append("</td><td class=\"num\">")
                    .append(repairs == null ? "" : Integer.toString(repairs.jobsCorrected())).append("</td><td class=\"")
                    .append(repairs == null || "SUCCEEDED".equals(repairs.status()) ? "ok" : "bad").append("\">")
                    .append(repairs == null ? "" : text(repairs.status())).append("</td><td class=\"")
                    .append(ledger.matchesGitHub() ? "ok\">yes" : "bad\">" + ledger.differences().size() + " differ")
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private void table(List<RunSummary> runs) {
        html.append("<section class=\"runs\">\n<h2>Runs</h2>\n");
        if (runs.isEmpty()) {
            html.append("<p class=\"empty\">No runs yet.</p>\n</section>\n");
            return;
        }
        html.append("<table>\n<thead><tr><th>run</th><th>started (UTC)</th><th>status</th><th>duration</th><th>busy</th><th>idle</th>"
                + "<th>offline</th><th>error</th></tr></thead>\n<tbody>\n");
        for (int i = runs.size() - 1; i >= 0; i--) {
            RunSummary run = runs.get(i);
            html.append("<tr data-run=\"").append(run.run()).append("\"><td class=\"num\">").append(run.run()).append("</td><td>")
                    .append(time(run.startedAt())).append("</td><td class=\"").append(run.succeeded() ? "ok" : "bad").append("\">")
                    .append(text(run.status())).append("</td><td class=\"num\">").append(duration(run.duration()))
                    .append("</td><td class=\"num busy\">").append(count(run.busy())).append("</td><td class=\"num idle\">")
                    .append(count(run.idle())).append("</td><td class=\"num offline\">").append(count(run.offline()))
                    .append("</td><td>").append(run.error() == null ? "" : "<code>" + text(Timeline.shortName(run.error())) + "</code>")
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private static String note(RunRecord.StateRecord state) {
        if ("Fail".equals(state.type)) {
            return "entered";
        }
        String note = duration(state.duration());
        return state.retries.isEmpty() ? note : note + " · " + state.retries.size() + (state.retries.size() == 1 ? " retry" : " retries");
    }

    private String text(String value) {
        return Html.escape(redactor.text(value));
    }

    private String json(JsonNode value) {
        if (value == null) {
            return "null";
        }
        try {
            return text(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(redactor.json(value)));
        } catch (JsonProcessingException e) {
            return text(value.toString());
        }
    }

    private static JsonNode parse(String definition) {
        try {
            return Json.MAPPER.readTree(definition);
        } catch (JsonProcessingException e) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(definition);
        }
    }

    private static String count(Integer value) {
        return value == null ? "–" : value.toString();
    }

    private static String time(Instant instant) {
        return instant == null ? "–" : DATE_TIME.format(instant);
    }

    private static String duration(Duration duration) {
        return Timeline.seconds(duration).strip();
    }
}
