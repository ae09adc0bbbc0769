package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.local.CloudWatchPutMetricData;
import dev.recordmetric.local.ExecutionEvent;
import dev.recordmetric.local.FakeBackends;
import dev.recordmetric.local.LocalEngine;
import dev.recordmetric.local.LocalEngineException;
import dev.recordmetric.local.LocalWorkflow;
import dev.recordmetric.local.Overrides;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** {@code record-metric run}: the real workflow on the local engine, once or repeatedly. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the workflow (terraform/templates/record-metric.asl.json) on a local Step Functions engine with the real"
                    + " GetToken and ListRunners functions, and prints each execution's timeline.",
            "By default GitHub is a simulated organization whose runners change between runs, and the datapoints"
                    + " are printed and appended to a local file instead of being published."
        })
final class RunCommand implements Callable<Integer> {

    private final Io io;

    @Mixin GitHubOptions github = new GitHubOptions();

    @Option(names = "--runs", paramLabel = "N", description = "How many runs (default: 1, or until Ctrl-C with --every).")
    Integer runs;

    @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between run starts, e.g. 60s or 5m (default 60s when --runs > 1).")
    Duration every;

    @Option(names = "--seed", paramLabel = "N", description = "The simulated organization's seed: the same seed, the same runs.")
    Long seed;

    @Option(names = "--asg-name", paramLabel = "NAME",
            description = "The datapoints' asg_name dimension (default " + FakeBackends.DEFAULT_ASG_NAME + "): one pool.")
    String asgName;

    @Option(names = "--pool", paramLabel = "NAME=ID",
            description = "A runner pool: its Auto Scaling group NAME (the asg_name dimension) and the installation ID its runners"
                    + " carry (installation_id:ID). Repeat for several pools, counted from one listing as the Terraform module's"
                    + " pools input; the simulated organization gets runners of each. Instead of --asg-name and --installation-id.")
    Map<String, String> pools;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "GitHubRunners",
            description = "The CloudWatch namespace (default ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--datapoints", paramLabel = "FILE", defaultValue = "record-metric-datapoints.jsonl",
            description = "Appends each datapoint to this JSON-lines file (default ${DEFAULT-VALUE}).")
    Path datapointsFile;

    @Option(names = "--publish",
            description = "Publishes to the real CloudWatch (default AWS credentials and region) exactly what the deployed"
                    + " workflow would.")
    boolean publish;

    @Option(names = "--json", description = "One JSON object per run on stdout, nothing else.")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Writes one self-contained HTML page: the state machine coloured by the last run, each state's input"
                    + " and output, busy and idle over the runs. Rewritten after every run: reload it.")
    Path reportFile;

    @Option(names = "--ledger", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With the simulated organization: its jobs are delivered by a workflow_job webhook to the real receiver,"
                    + " recorded in the job ledger, and repaired by the repair-job-ledger state machine after each run"
                    + " (default; --no-ledger: runners only).")
    boolean ledgerOn;

    @Option(names = "--drop-deliveries", paramLabel = "PERCENT", defaultValue = "10%",
            description = "The share of webhook deliveries the simulated GitHub drops (recorded failed, as GitHub records a"
                    + " delivery that timed out), for the repairs to redeliver (default ${DEFAULT-VALUE}).")
    String dropDeliveries;

    @Option(names = "--burst", paramLabel = "N", defaultValue = "0",
            description = "With the simulated organization's jobs: N jobs queued at once before the first run in the first pool,"
                    + " which has " + SimulatedDemand.BURST_IN_SERVICE + " runners and no turnover (issue 20's burst; default none).")
    int burst;

    @Option(names = "--busy-flag-lag", paramLabel = "DURATION", arity = "0..1", fallbackValue = "40s",
            converter = DurationConverter.class,
            description = "With the simulated organization's jobs: a runner's busy flag in the runner listing stays false for"
                    + " DURATION after its job started (GitHub's lags 25 to 60 s; alone: 40s; default none).")
    Duration busyFlagLag;

    @Option(names = "--aws-endpoint-url", paramLabel = "URL", hidden = true,
            description = "Sends --publish to this CloudWatch endpoint (for tests).")
    URI awsEndpoint;


    /** The simulated organization's job ledger, when it has one. */
    private SimulatedLedger ledger;
    /** The simulated organization, when it is the source. */
    private SimulatedOrganization organization;
    /** Queued deliveries against the published QueuedJobs, with the ledger. */
    private QueuedToPublished queuedToPublished;

    RunCommand(Io io) {
        this.io = io;
    }

    /** {@code 10%}, {@code 10} or {@code 2.5%}: the fraction of deliveries to drop. */
    static double dropFraction(String text) {
        String number = text.strip().endsWith("%") ? text.strip().substring(0, text.strip().length() - 1).strip() : text.strip();
        try {
            double percent = Double.parseDouble(number);
            if (percent >= 0 && percent <= 100) {
                return percent / 100;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new CliException("--drop-deliveries " + text + " is not a percentage from 0% to 100%, e.g. 10%");
    }

    /** The pools to count: --pool, or one pool of --asg-name and the installation id. */
    private Map<String, String> pools(String installationId) {
        if (pools == null || pools.isEmpty()) {
            return Map.of(asgName != null ? asgName : FakeBackends.DEFAULT_ASG_NAME, installationId);
        }
        if (asgName != null) {
            throw new CliException("--asg-name and --pool both name pools: give each pool as --pool NAME=ID");
        }
        if (github.installationId != null) {
            throw new CliException("--installation-id and --pool both name labels: give each pool as --pool NAME=ID");
        }
        for (Map.Entry<String, String> pool : pools.entrySet()) {
            if (pool.getKey().isBlank() || pool.getValue().isBlank() || pool.getValue().matches(".*[\\s,].*")) {
                throw new CliException("--pool " + pool.getKey() + "=" + pool.getValue() + " is not NAME=ID: an Auto Scaling"
                        + " group name, '=', and an installation id without spaces or commas");
            }
        }
        if (pools.values().stream().map(id -> id.toLowerCase(java.util.Locale.ROOT)).distinct().count() < pools.size()) {
            throw new CliException("two --pool options count the same installation id: give each pool its own");
        }
        return new java.util.LinkedHashMap<>(pools);
    }

    @Override
    public Integer call() {
        if (runs != null && runs < 1) {
            throw new CliException("--runs must be 1 or more");
        }
        if (every != null && every.isZero()) {
            throw new CliException("--every must be longer than 0s");
        }
        boolean simulated = !github.anyGiven();
        double drop = dropFraction(dropDeliveries);
        if (burst < 0) {
            throw new CliException("--burst must be 0 or more jobs");
        }
        SimulatedDemand demand = new SimulatedDemand(burst, busyFlagLag == null ? Duration.ZERO : busyFlagLag);
        if (!demand.equals(SimulatedDemand.NONE) && (!simulated || !ledgerOn)) {
            throw new CliException("--burst and --busy-flag-lag act on the simulated organization's jobs: drop "
                    + (simulated ? "--no-ledger" : "the GitHub options (--org, --token-env, ...)"));
        }
        boolean poolsGiven = pools != null && !pools.isEmpty();
        GitHubOptions.Credentials credentials = simulated ? null : github.resolve(io.env(), !poolsGiven);
        if (!simulated) {
            new GitHubApi(credentials.apiUrl()).probe();
        }
        int total = runs != null ? runs : every != null ? Integer.MAX_VALUE : 1;
        Duration interval = every != null ? every : Duration.ofSeconds(60);
        long seedValue = seed != null ? seed : Math.abs(System.nanoTime() % 100_000);
        Style style = json ? Style.PLAIN : io.style();
        StopSignal stop = io.stopSignal().get();

        List<AutoCloseable> resources = new ArrayList<>();
        try {
            CloudWatchClient cloudWatch = publish ? cloudWatch(resources) : null;
            LocalWorkflow.Builder builder;
            String source;
            String secret;
            if (simulated) {
                Map<String, String> counted = pools(SimulatedOrganization.INSTALLATION_ID);
                FakeBackends backends = FakeBackends.start(SimulatedOrganization.ORGANIZATION, counted);
                resources.add(backends);
                secret = FakeGitHub.newPersonalAccessToken();
                backends.usePat(secret);
                if (ledgerOn) {
                    ledger = startLedger(backends, secret, drop, seedValue);
                    resources.add(ledger);
                    // ListRunners reads the ledger for the pools' demand (issue 20), as Terraform's job_events sets it
                    backends.listRunnersVariable("JOB_LEDGER_TABLE", SimulatedLedger.TABLE)
                            .listRunnersVariable("POOL_JOB_LABELS", Json.MAPPER.valueToTree(SimulatedOrganization.jobLabels(counted)).toString());
                    queuedToPublished = new QueuedToPublished(counted);
                }
                organization = new SimulatedOrganization(backends.organization(), ledger != null ? backends.github().jobs() : null,
                        seedValue, counted, demand);
                builder = backends.workflow();
                source = "simulated organization " + SimulatedOrganization.ORGANIZATION + " (seed " + seedValue + "), " + describe(counted)
                        + (ledger != null ? "; jobs delivered by webhook to the receiver, " + percent(drop) + " of deliveries dropped,"
                                + " repaired by repair-job-ledger" : "")
                        + (burst > 0 ? "; a burst of " + burst + " jobs in " + counted.keySet().iterator().next() + " ("
                                + SimulatedDemand.BURST_IN_SERVICE + " runners)" : "")
                        + (demand.busyFlagLag().isZero() ? "" : "; busy flags lag jobs by " + describe(demand.busyFlagLag()));
            } else {
                secret = credentials.secret();
                Map<String, String> counted = pools(credentials.installationId());
                LocalFunctions functions = new LocalFunctions(credentials, counted);
                resources.add(functions);
                builder = LocalWorkflow.builder()
                        .region(dev.recordmetric.fakes.FakeAws.REGION)
                        .accountId(dev.recordmetric.fakes.FakeAws.ACCOUNT)
                        .getToken(functions.getTokenPackage())
                        .listRunners(functions.listRunnersPackage());
                source = "organization " + credentials.organization() + " on " + credentials.apiUrl() + " ("
                        + (credentials.type().equals("pem") ? "GitHub App " + credentials.appId() : "token from " + github.tokenVariable)
                        + "), " + describe(counted);
            }
            LocalWorkflow workflow = start(builder.metricNamespace(namespace).publishTo(cloudWatch));
            resources.add(workflow);
            Report report = reportFile == null ? null : new Report(reportFile, source, workflow.definition(), Redactor.of(secret));
            if (report != null) {
                report.write();
            }
            if (!json) {
                io.out().println(style.bold("record-metric run") + "  " + source);
                io.out().println(style.dim("  engine " + workflow.engine().info().path("engine").asText() + " "
                        + workflow.engine().info().path("engineVersion").asText() + " on Node " + workflow.engine().info().path("node").asText()
                        + "; CloudWatch: " + (publish ? "publishing for real" : "not published, datapoints appended to " + datapointsFile)
                        + (total > 1 ? "; every " + describe(interval) + (total == Integer.MAX_VALUE ? ", until Ctrl-C" : ", " + total + " runs") : "")));
                if (report != null) {
                    io.out().println(style.dim("  report " + reportFile.toAbsolutePath().toUri() + " (rewritten after every run)"));
                }
            }
            int failed = 0;
            int done = 0;
            if (queuedToPublished != null) {
                queuedToPublished.measureFrom(Instant.now());
            }
            for (int run = 1; run <= total; run++) {
                Instant started = Instant.now();
                if (organization != null && run > 1) {
                    organization.advance();
                }
                RunRecord record = runOnce(workflow, run, total, style);
                done++;
                if (report != null) {
                    report.add(run, record);
                    report.write();
                }
                if (!record.succeeded()) {
                    failed++;
                }
                if (run == total || stop.stopRequested()) {
                    break;
                }
                Duration wait = interval.minus(Duration.between(started, Instant.now()));
                Instant nextRun = Instant.now().plus(wait);
                if (organization != null && ledger != null && wait.compareTo(Duration.ofSeconds(1)) >= 0) {
                    // Jobs arrive at a random moment between two runs, so that the wait for the next run is measured
                    Duration before = Duration.ofMillis(organization.arrivalOffsetMillis(wait.toMillis()));
                    if (waitForNext(before, nextRun, style, stop)) {
                        break;
                    }
                    organization.arriveBetweenRuns();
                    wait = Duration.between(Instant.now(), nextRun);
                }
                if (waitForNext(wait, nextRun, style, stop)) {
                    break;
                }
            }
            if (!json && done < total && total != Integer.MAX_VALUE || !json && stop.stopRequested()) {
                io.out().println(style.dim("stopped after " + done + (done == 1 ? " run" : " runs") + " (Ctrl-C)"));
            } else if (!json && done > 1) {
                io.out().println(style.dim(done + " runs, " + (done - failed) + " succeeded, " + failed + " failed"));
            }
            return failed == 0 ? 0 : 1;
        } finally {
            closeAll(resources);
            stop.finished();
        }
    }

    private SimulatedLedger startLedger(FakeBackends backends, String token, double drop, long seedValue) {
        try {
            return new SimulatedLedger(backends, token, drop, seedValue, namespace);
        } catch (LocalEngineException e) {
            throw new CliException("cannot start the local Step Functions engine for repair-job-ledger: " + firstLine(e.getMessage())
                    + " (needs Node.js 20 or newer and the state machine's npm packages: ./record-metric installs them)");
        }
    }

    static String percent(double fraction) {
        double percent = fraction * 100;
        return (percent == Math.rint(percent) ? Long.toString(Math.round(percent)) : Double.toString(percent)) + " %";
    }

    private LocalWorkflow start(LocalWorkflow.Builder builder) {
        try {
            return builder.start();
        } catch (LocalEngineException e) {
            throw new CliException("cannot start the local Step Functions engine: " + firstLine(e.getMessage())
                    + " (needs Node.js 20 or newer and the state machine's npm packages: ./record-metric installs them)");
        }
    }

    private RunRecord runOnce(LocalWorkflow workflow, int run, int total, Style style) {
        Timeline[] timeline = new Timeline[1];
        Instant now = Instant.now();
        LocalEngine.Execution execution = workflow.start(Overrides.NONE, event -> {
            synchronized (timeline) {
                while (timeline[0] == null) {
                    try {
                        timeline.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            toTimeline(event).forEach(timeline[0]::accept);
        });
        synchronized (timeline) {
            timeline[0] = new Timeline(execution.executionArn(), json ? null : io.out(), style);
            timeline.notifyAll();
        }
        if (!json) {
            io.out().println();
            timeline[0].printHeader("run " + run + (total == Integer.MAX_VALUE ? "" : "/" + total) + "  " + Timeline.clock(now) + " UTC");
        }
        LocalWorkflow.Run result;
        try {
            result = workflow.finish(execution);
        } catch (LocalEngineException e) {
            throw new CliException("the local Step Functions engine failed: " + firstLine(e.getMessage()));
        }
        RunRecord record = timeline[0].record();
        List<ExecutionEvent> events = result.result().events();
        Instant end = events.isEmpty() ? Instant.now() : events.getLast().timestamp();
        timeline[0].accept(TimelineEvent.ended(end, result.status().name(), result.result().output(), result.result().error(),
                result.result().cause()));
        for (CloudWatchPutMetricData.Datapoint d : result.datapoints()) {
            record.datapoints.add(new RunRecord.Datapoint(d.namespace(), d.metricName(), dimensions(d.dimensions()), d.timestamp(),
                    d.value() == null ? 0 : d.value(), d.unit()));
        }
        appendDatapoints(record);
        record.demand = DemandView.of(record);
        if (queuedToPublished != null && record.demand != null) {
            // Published when PutMetricData returned (the engine's clock, this machine's): the datapoints' own timestamp is
            // cut to the second. Jobs change only between runs, so GitHub's queue then is the one ListRunners read.
            RunRecord.StateRecord put = record.current("PutMetricData");
            Instant publishedAt = put != null && put.endedAt != null ? put.endedAt : end;
            record.queuedToPublished = queuedToPublished.observe(publishedAt, ledger.jobs(), ledger.hook().deliveries());
        }
        if (organization != null && ledger != null) {
            record.flagLagging = organization.flagLagging();
        }
        if (ledger != null) {
            record.ledger = ledger.view(repair());
        }
        if (json) {
            io.out().println(record.toJson(run).toString());
        } else {
            timeline[0].printSummary(record.datapoints.isEmpty() ? null : publish ? "published to CloudWatch" : "→ " + datapointsFile);
            if (record.demand != null) {
                timeline[0].printDemand(record.demand, record.queuedToPublished);
            }
            if (record.ledger != null) {
                timeline[0].printLedger(record.ledger);
            }
        }
        io.out().flush();
        return record;
    }

    private LocalWorkflow.Run repair() {
        try {
            return ledger.repair();
        } catch (LocalEngineException e) {
            throw new CliException("the local Step Functions engine failed running repair-job-ledger: " + firstLine(e.getMessage()));
        }
    }

    static List<TimelineEvent> toTimeline(ExecutionEvent event) {
        return switch (event.type()) {
            case "ExecutionStarted" -> List.of(TimelineEvent.started(event.timestamp()));
            case "StateEntered" -> List.of(TimelineEvent.entered(event.timestamp(), event.stateName(), event.stateType(), event.input()));
            case "StateExited" -> List.of(TimelineEvent.exited(event.timestamp(), event.stateName(), event.output()));
            case "StateFailed" -> List.of(TimelineEvent.failed(event.timestamp(), event.stateName(), event.error(), event.causeText()));
            case "StateRetried" -> List.of(TimelineEvent.retried(event.timestamp(), event.stateName()));
            default -> List.of();
        };
    }

    private static String dimensions(Map<String, String> dimensions) {
        StringBuilder text = new StringBuilder();
        dimensions.forEach((name, value) -> text.append(text.isEmpty() ? "" : ",").append(name).append('=').append(value));
        return text.toString();
    }

    private void appendDatapoints(RunRecord record) {
        if (record.datapoints.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (RunRecord.Datapoint d : record.datapoints) {
            ObjectNode line = RunRecord.datapointJson(d);
            line.put("execution", record.executionArn);
            line.put("published", publish);
            lines.append(line).append('\n');
        }
        try {
            Path parent = datapointsFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(datapointsFile, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new CliException("cannot append to the datapoints file " + datapointsFile + " (" + e.getClass().getSimpleName()
                    + "): pass a writable path with --datapoints");
        }
    }

    /** Waits for the next run; on a terminal shows a countdown. Returns true if a stop was requested. */
    private boolean waitForNext(Duration wait, Instant nextRun, Style style, StopSignal stop) {
        if (wait.isNegative() || wait.isZero()) {
            return stop.stopRequested();
        }
        if (json || !style.interactive()) {
            return stop.sleep(wait);
        }
        String[] spinner = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
        Instant until = Instant.now().plus(wait);
        int frame = 0;
        try {
            while (true) {
                Duration left = Duration.between(Instant.now(), until);
                if (left.isNegative() || left.isZero()) {
                    return false;
                }
                long seconds = (Duration.between(Instant.now(), nextRun).toMillis() + 999) / 1000;
                io.out().print("\r\u001b[2K  " + style.cyan(spinner[frame++ % spinner.length]) + style.dim(" next run in " + seconds
                        + " s  (Ctrl-C to stop)"));
                io.out().flush();
                if (stop.sleep(left.compareTo(Duration.ofMillis(100)) < 0 ? left : Duration.ofMillis(100))) {
                    return true;
                }
            }
        } finally {
            io.out().print("\r\u001b[2K");
            io.out().flush();
        }
    }

    private CloudWatchClient cloudWatch(List<AutoCloseable> resources) {
        try {
            var builder = CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create());
            if (awsEndpoint != null) {
                builder.endpointOverride(awsEndpoint);
            }
            CloudWatchClient client = builder.build();
            resources.add(client);
            return client;
        } catch (SdkClientException e) {
            throw new CliException("--publish needs an AWS region: set AWS_REGION or AWS_PROFILE (" + firstLine(e.getMessage()) + ")");
        }
    }

    /** {@code runners labelled installation_id:demo}, or for several pools each group and its label. */
    static String describe(Map<String, String> pools) {
        if (pools.size() == 1) {
            return "runners labelled installation_id:" + pools.values().iterator().next();
        }
        StringBuilder text = new StringBuilder(pools.size() + " pools: ");
        pools.forEach((asgName, id) -> text.append(text.toString().endsWith(": ") ? "" : ", ").append(asgName)
                .append(" (installation_id:").append(id).append(')'));
        return text.toString();
    }

    static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0) {
            return duration.toMillis() + " ms";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // closing on the way out: nothing more to do
            }
        }
    }
}
