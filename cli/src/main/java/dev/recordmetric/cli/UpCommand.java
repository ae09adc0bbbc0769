package dev.recordmetric.cli;

import dev.recordmetric.deployment.LocalDeployment;
import dev.recordmetric.deployment.LocalDeploymentException;
import dev.recordmetric.deployment.MotoServer;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.LoopbackTls;
import dev.recordmetric.local.StateMachineFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code record-metric up}: the whole deployment on this machine, then gone again. {@code terraform
 * apply} of {@code terraform/examples/complete} on moto (a local AWS emulator), one execution of the
 * deployed state machine on moto's Step Functions interpreter with the deployed functions, the
 * datapoints read back from moto's CloudWatch, {@code terraform destroy} (also after Ctrl-C).
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Deploys terraform/examples/complete on this machine with the real terraform and AWS provider, against moto "
                    + MotoServer.VERSION + " (a local AWS emulator; " + MotoServer.INSTALL + "), runs one execution of the deployed"
                    + " state machine (GitHub: the simulated organization), shows the datapoints CloudWatch received, and"
                    + " destroys it all (also on Ctrl-C). Nothing reaches AWS or GitHub.",
            "Needs the terraform binary, Python 3 with moto[server] " + MotoServer.VERSION + ", and about two minutes."
        })
final class UpCommand implements Callable<Integer> {

    private static final String ASG = "github-runners";
    private static final String NAMESPACE = "GitHubRunners";

    private final Io io;

    @Option(names = "--snapstart", description = "Deploys with snapstart = true (published versions, a live alias, SnapStart restores).")
    boolean snapstart;

    @Option(names = "--seed", paramLabel = "N", description = "The simulated organization's seed.")
    Long seed;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "python3",
            description = "The Python 3 that has moto[server] " + MotoServer.VERSION + " (default ${DEFAULT-VALUE}).")
    String python;

    UpCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        StopSignal stop = io.stopSignal().get();
        Style style = io.style();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread notice = new Thread(() -> {
            if (!done.get()) {
                io.out().println(style.yellow("Ctrl-C: what runs now finishes, then terraform destroy tears it all down (about a minute)"));
            }
        }, "record-metric-up-stop");
        Runtime.getRuntime().addShutdownHook(notice);
        Path repository = StateMachineFiles.locate().directory().getParent();
        String pat = FakeGitHub.newPersonalAccessToken();
        try (LoopbackTls tls = LoopbackTls.create(); FakeGitHub github = FakeGitHub.startHttps(tls).acceptToken(pat, "admin:org")) {
            new SimulatedOrganization(github.organization(SimulatedOrganization.ORGANIZATION),
                    seed != null ? seed : Math.abs(System.nanoTime() % 100_000));
            io.out().println(style.bold("record-metric up") + style.dim("  terraform/examples/complete on a local AWS emulator"));
            io.out().println("  GitHub: the simulated organization " + SimulatedOrganization.ORGANIZATION + " at " + github.baseUrl());
            try (LocalDeployment deployment = LocalDeployment.start(new LocalDeployment.Options(repository, github.baseUrl(),
                    tls.javaToolOptions(), repository.resolve("cli/target/up"), python, line -> io.out().println("  " + line)))) {
                return deployAndRun(deployment, pat, stop, style);
            }
        } catch (LocalDeploymentException e) {
            throw new CliException(e.getMessage());
        } finally {
            done.set(true);
            stop.finished();
        }
    }

    private int deployAndRun(LocalDeployment deployment, String pat, StopSignal stop, Style style) {
        LocalDeployment.Applied applied = deployment.apply(variables());
        io.out().println(style.bold("created " + applied.resources().size() + " resources") + style.dim(" in " + took(applied.took())));
        applied.addresses().forEach(address -> io.out().println("  + " + address));
        String stateMachineArn = applied.outputs().get("state_machine_arn").asText();
        String secretArn = applied.outputs().get("github_credentials_secret_arn").asText();
        int status = 1;
        if (stop.stopRequested()) {
            io.out().println(style.yellow("stopped (Ctrl-C): tearing down"));
        } else {
            try (SfnClient sfn = client(SfnClient.builder(), deployment);
                    SecretsManagerClient secrets = client(SecretsManagerClient.builder(), deployment);
                    SchedulerClient scheduler = client(SchedulerClient.builder(), deployment);
                    CloudWatchClient cloudWatch = client(CloudWatchClient.builder(), deployment)) {
                // What the example's README asks for: the token goes into the secret out of band.
                secrets.putSecretValue(r -> r.secretId(secretArn).secretString(pat));
                String input = scheduleInput(scheduler, stateMachineArn);
                String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).input(input)).executionArn();
                Timeline timeline = new Timeline(executionArn, io.out(), style);
                timeline.printHeader("one execution, started as the schedule starts it  " + Timeline.clock(Instant.now()) + " UTC");
                SfnHistory history = TriggerCommand.follow(sfn, executionArn, timeline, Duration.ofMillis(500), stop);
                if (history == null) {
                    io.out().println(style.yellow("stopped (Ctrl-C): tearing down"));
                } else {
                    RunRecord record = timeline.record();
                    record.datapoints.addAll(history.datapoints());
                    timeline.printSummary(record.datapoints.isEmpty() ? null : "sent by the deployed state machine");
                    printDatapoints(cloudWatch, record, style);
                    status = record.succeeded() ? 0 : 1;
                    if (applied.outputs().containsKey("github_webhook_secret_arn") && !applied.outputs().get("github_webhook_secret_arn").isNull()
                            && !stop.stopRequested()) {
                        status = exerciseReceiver(deployment, applied, secrets, style) ? status : 1;
                    }
                }
            }
        }
        LocalDeployment.Destroyed destroyed = deployment.destroy();
        io.out().println(style.bold("destroyed " + destroyed.addresses().size() + " resources")
                + style.dim(" in " + took(destroyed.took())) + (destroyed.remaining().isEmpty() ? "" : style.red(
                        "; the state still holds " + destroyed.remaining())));
        return destroyed.remaining().isEmpty() ? status : 1;
    }

    /** The job ledger's receiver as deployed: a signed delivery recorded, an unsigned one refused (ReceiverExercise). */
    private boolean exerciseReceiver(LocalDeployment deployment, LocalDeployment.Applied applied, SecretsManagerClient secrets,
            Style style) {
        String table = applied.outputs().get("job_ledger_table_name").asText();
        try (software.amazon.awssdk.services.lambda.LambdaClient lambda = client(software.amazon.awssdk.services.lambda.LambdaClient.builder(),
                        deployment);
                software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb =
                        client(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), deployment)) {
            String receiver = lambda.listFunctionsPaginator(r -> { }).functions().stream()
                    .filter(f -> dev.recordmetric.local.FunctionPackage.RECEIVE_JOB_EVENTS_HANDLER.equals(f.handler()))
                    .map(f -> f.functionName()).findFirst()
                    .orElseThrow(() -> new CliException("job_events is on but no function has the receiver's handler " + dev.recordmetric.local.FunctionPackage.RECEIVE_JOB_EVENTS_HANDLER));
            ReceiverExercise.Outcome outcome = ReceiverExercise.run(deployment, secrets, dynamoDb,
                    applied.outputs().get("github_webhook_secret_arn").asText(), receiver, table);
            io.out().println(style.bold("webhook receiver") + style.dim(" (job_events: " + receiver + " through its function URL, served"
                    + " here at " + outcome.url() + " as moto serves none; a webhook secret put into the example's secret)"));
            boolean signedOk = outcome.signedStatus() == 200 && "queued".equals(outcome.signedItemStatus());
            io.out().println("  " + (signedOk ? style.green("✓") : style.red("✗")) + " " + Timeline.pad("signed delivery", 18) + "→ HTTP "
                    + outcome.signedStatus() + " " + TerminalText.safe(outcome.signedBody()) + "; table " + table + ": "
                    + (outcome.signedItemStatus() == null ? "no item" : "job " + outcome.signedItemStatus()));
            boolean unsignedOk = outcome.unsignedStatus() == 401 && !outcome.unsignedStored();
            io.out().println("  " + (unsignedOk ? style.green("✓") : style.red("✗")) + " " + Timeline.pad("unsigned delivery", 18)
                    + "→ HTTP " + outcome.unsignedStatus() + " " + TerminalText.safe(outcome.unsignedBody()) + "; table " + table + ": "
                    + (outcome.unsignedStored() ? "the job was stored" : "nothing stored"));
            return outcome.asExpected();
        }
    }

    private Map<String, Object> variables() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("asg_name", ASG);
        variables.put("github_org_name", SimulatedOrganization.ORGANIZATION);
        variables.put("installation_id", SimulatedOrganization.INSTALLATION_ID);
        variables.put("alarm_emails", List.of("ops@example.com"));
        variables.put("snapstart", snapstart);
        return variables;
    }

    /** The input the deployed schedule gives the state machine. */
    private static String scheduleInput(SchedulerClient scheduler, String stateMachineArn) {
        return scheduler.listSchedulesPaginator(r -> { }).schedules().stream()
                .filter(s -> s.target() != null && stateMachineArn.equals(s.target().arn()))
                .findFirst()
                .map(s -> scheduler.getSchedule(r -> r.groupName(s.groupName()).name(s.name())).target().input())
                .orElseThrow(() -> new CliException("no schedule targets " + stateMachineArn));
    }

    /** What moto's CloudWatch holds for the run's observation second (GetMetricData). */
    private void printDatapoints(CloudWatchClient cloudWatch, RunRecord record, Style style) {
        if (record.datapoints.isEmpty() || record.datapoints.getFirst().timestamp() == null) {
            return;
        }
        Instant observedAt = record.datapoints.getFirst().timestamp();
        io.out().println(style.bold("read back from CloudWatch") + style.dim(" (moto: GetMetricData, namespace " + NAMESPACE
                + ", asg_name=" + ASG + ", the observation second)"));
        for (String metric : List.of("BusyRunners", "IdleRunners")) {
            List<MetricDataResult> results = cloudWatch.getMetricData(r -> r.startTime(observedAt).endTime(observedAt.plusSeconds(1))
                    .metricDataQueries(q -> q.id("m").metricStat(s -> s.period(1).stat("Maximum").unit("Count")
                            .metric(m -> m.namespace(NAMESPACE).metricName(metric).dimensions(d -> d.name("asg_name").value(ASG))))))
                    .metricDataResults();
            for (MetricDataResult result : results) {
                for (int i = 0; i < result.values().size(); i++) {
                    io.out().println("  " + Timeline.pad(metric, 12) + Timeline.pad(Timeline.number(result.values().get(i)), 5) + "Count  "
                            + result.timestamps().get(i));
                }
            }
        }
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C client(B builder, LocalDeployment deployment) {
        return builder.httpClient(UrlConnectionHttpClient.create()).endpointOverride(deployment.endpoint())
                .region(Region.of(LocalDeployment.REGION)).credentialsProvider(LocalDeployment.CREDENTIALS).build();
    }

    private static String took(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
