package dev.recordmetric.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.deployment.AwsCall;
import dev.recordmetric.deployment.DeployedFunctions;
import dev.recordmetric.deployment.LocalDeployment;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.LoopbackTls;
import dev.recordmetric.fakes.RecordedRequest;
import dev.recordmetric.local.LambdaInvokeEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * What a user deploys, end to end, on this machine: {@code terraform apply} of
 * {@code terraform/examples/complete} (the real terraform and AWS provider) on moto 5.2.1;
 * executions of the deployed state machine on moto's own Step Functions interpreter, its Lambda
 * invocations running the jars Terraform uploaded, configured as moto has them deployed, under
 * AWS's Lambda runtime client; GitHub is the fake, over https; {@code terraform destroy} at the
 * end, checked against moto's own listings. One apply serves every scenario; SnapStart is a second
 * apply of the same deployment. See e2e/README.md for the stand-ins and why each is there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompleteExampleOnMotoTest {

    private static final String ORG = "example-org";
    private static final String INSTALLATION = "demo";
    private static final String LABEL = "installation_id:" + INSTALLATION;
    private static final String ASG = "github-runners";
    /** The deployment's name, the dimension of its GitHub API budget metrics. */
    private static final String STATE_MACHINE = "record-metric-" + ASG;
    private static final String NAMESPACE = "GitHubRunners";
    private static final String RUNNERS_PATH = "/orgs/" + ORG + "/actions/runners";
    /** A classic token, made up for this run so that finding it anywhere cannot be chance. */
    private static final String PAT = FakeGitHub.newPersonalAccessToken();
    /** The organization: 2 busy, 3 idle and 1 offline runner labelled for this installation; 2 runners of another. */
    private static final List<FakeRunner> RUNNERS = List.of(
            FakeRunner.busy(1, "runner-01", "self-hosted", LABEL),
            FakeRunner.busy(2, "runner-02", "self-hosted", LABEL),
            FakeRunner.idle(3, "runner-03", "self-hosted", LABEL),
            FakeRunner.idle(4, "runner-04", "self-hosted", LABEL),
            FakeRunner.idle(5, "runner-05", "self-hosted", LABEL),
            FakeRunner.offline(6, "runner-06", "self-hosted", LABEL),
            FakeRunner.busy(9001, "staging-1", "self-hosted", "installation_id:staging"),
            FakeRunner.idle(9002, "staging-2", "self-hosted", "installation_id:staging"));

    private LoopbackTls tls;
    private FakeGitHub github;
    private LocalDeployment deployment;
    private MotoInventory inventory;
    private MotoInventory.Listing before;
    private LocalDeployment.Applied applied;
    private SfnClient sfn;
    private CloudWatchClient cloudWatch;
    private Executions executions;
    private String stateMachineArn;
    private String secretArn;
    private String scheduledInput;
    private final List<Executions.Execution> ran = new ArrayList<>();

    @BeforeAll
    void deploy() {
        tls = LoopbackTls.create();
        github = FakeGitHub.startHttps(tls).acceptToken(PAT, "admin:org");
        github.organization(ORG).setRunners(RUNNERS);
        Path repository = Path.of(System.getProperty("recordmetric.repository.dir", "..")).toAbsolutePath().normalize();
        deployment = LocalDeployment.start(new LocalDeployment.Options(repository, github.baseUrl(), tls.javaToolOptions(),
                Path.of("target", "e2e"), null, line -> System.out.println("[e2e] " + line)));
        inventory = new MotoInventory(deployment);
        before = inventory.list();
        applied = deployment.apply(variables(false));
        System.out.printf("[e2e] terraform apply: %d resources in %.1f s%n", applied.resources().size(), applied.took().toMillis() / 1e3);
        applied.addresses().forEach(address -> System.out.println("[e2e]   created " + address));
        stateMachineArn = applied.outputs().get("state_machine_arn").asText();
        secretArn = applied.outputs().get("github_credentials_secret_arn").asText();
        sfn = Moto.client(SfnClient.builder(), deployment);
        cloudWatch = Moto.client(CloudWatchClient.builder(), deployment);
        executions = new Executions(sfn);
        // As the example's README says: the token goes into the secret out of band.
        try (SecretsManagerClient secrets = Moto.client(SecretsManagerClient.builder(), deployment)) {
            secrets.putSecretValue(r -> r.secretId(secretArn).secretString(PAT));
        }
        scheduledInput = schedule().target().input();
    }

    @AfterAll
    void tearDown() {
        try {
            if (deployment != null) {
                deployment.close();
            }
        } finally {
            for (AutoCloseable open : new AutoCloseable[] {inventory, sfn, cloudWatch, github, tls}) {
                try {
                    if (open != null) {
                        open.close();
                    }
                } catch (Exception e) {
                    // nothing more to free
                }
            }
        }
    }

    private static Map<String, Object> variables(boolean snapstart) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("asg_name", ASG);
        variables.put("github_org_name", ORG);
        variables.put("installation_id", INSTALLATION);
        variables.put("alarm_emails", List.of("ops@example.com"));
        variables.put("snapstart", snapstart);
        return variables;
    }

    /** The schedule Terraform deployed for the state machine, as moto's Scheduler has it. */
    private GetScheduleResponse schedule() {
        try (SchedulerClient scheduler = Moto.client(SchedulerClient.builder(), deployment)) {
            var found = scheduler.listSchedulesPaginator(r -> { }).schedules().stream()
                    .filter(s -> s.target() != null && stateMachineArn.equals(s.target().arn())).toList();
            assertThat(found).as("one schedule targets the state machine").hasSize(1);
            return scheduler.getSchedule(r -> r.groupName(found.getFirst().groupName()).name(found.getFirst().name()));
        }
    }

    /** A run as the schedule starts one: no name, the schedule's input. */
    private Executions.Execution scheduledRun() {
        Executions.Execution execution = executions.run(stateMachineArn, scheduledInput);
        ran.add(execution);
        return execution;
    }

    private Executions.Execution anyRun() {
        return ran.isEmpty() ? scheduledRun() : ran.getFirst();
    }

    @Test
    @Order(1)
    void apply_createsEveryResourceOfTheExample_eachOneListedByItsServiceInMoto() {
        MotoInventory.Listing after = inventory.list();

        Set<String> created = new TreeSet<>(after.present());
        created.removeAll(before.present());
        Set<String> expected = new TreeSet<>();
        for (LocalDeployment.Resource resource : applied.resources()) {
            expected.add(MotoInventory.identifier(resource).orElseThrow(() -> new AssertionError(
                    resource.type() + " (" + resource.address() + ") is not listed by MotoInventory: add its listing")));
        }
        created.forEach(id -> System.out.println("[e2e]   in moto: " + id));
        assertThat(created).as("what moto's listings gained is exactly the Terraform state").isEqualTo(expected);
        assertThat(applied.addresses()).contains(
                "aws_secretsmanager_secret.github", "module.record_metric.aws_sfn_state_machine.this",
                "module.record_metric.aws_lambda_function.get_token", "module.record_metric.aws_lambda_function.list_runners",
                "module.record_metric.aws_kms_key.this[0]", "module.record_metric.aws_scheduler_schedule.this");
        assertThat(scheduledInput).as("the schedule's input, what each scheduled execution starts with").isEqualTo("{}");
        // What moto answers for the module's resources is what the provider wrote (the Lambda stand-in
        // included). The example's scaling policy drifts: moto 5.2.1 answers Enabled false and a
        // predictive scaling block for a target tracking policy (e2e/README.md).
        Map<String, List<String>> changes = deployment.plannedChanges();
        changes.forEach((address, actions) -> System.out.println("[e2e]   a plan after the apply would " + actions + " " + address));
        assertThat(changes.keySet()).as("terraform plan after the apply: nothing of the module changes")
                .noneMatch(address -> address.startsWith("module.record_metric."));
    }

    @Test
    @Order(2)
    void jobLedger_isDeployedAsTheContractSays_inMotosOwnDescriptions() throws IOException {
        String webhookSecretArn = applied.outputs().get("github_webhook_secret_arn").asText();
        JsonNode settings = applied.outputs().get("webhook_settings");
        String table = STATE_MACHINE + "-job-ledger";
        String receiver = STATE_MACHINE + "-receive-job-events";
        String repairs = STATE_MACHINE + "-repair-job-ledger";
        try (DynamoDbClient dynamo = Moto.client(DynamoDbClient.builder(), deployment);
                LambdaClient lambda = Moto.client(LambdaClient.builder(), deployment);
                CloudWatchLogsClient logs = Moto.client(CloudWatchLogsClient.builder(), deployment)) {
            // functions/job-events/README.md, "The ledger table".
            TableDescription described = dynamo.describeTable(r -> r.tableName(table)).table();
            assertThat(described.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString()).containsExactly("pk HASH");
            assertThat(described.attributeDefinitions()).extracting(a -> a.attributeName() + " " + a.attributeTypeAsString())
                    .containsExactlyInAnyOrder("pk S", "open_status S", "checked_at N", "started_hour S", "started_at S");
            assertThat(described.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
            assertThat(described.globalSecondaryIndexes()).hasSize(2);
            assertThat(described.globalSecondaryIndexes()).filteredOn(index -> index.indexName().equals("open-jobs")).singleElement().satisfies(index -> {
                assertThat(index.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
                        .containsExactly("open_status HASH", "checked_at RANGE");
                assertThat(index.projection().projectionTypeAsString()).isEqualTo("ALL");
            });
            assertThat(described.globalSecondaryIndexes()).filteredOn(index -> index.indexName().equals("job-starts")).singleElement().satisfies(index -> {
                assertThat(index.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
                        .containsExactly("started_hour HASH", "started_at RANGE");
                assertThat(index.projection().projectionTypeAsString()).isEqualTo("ALL");
            });
            TimeToLiveDescription ttl = dynamo.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
            assertThat(ttl.attributeName()).isEqualTo("expires_at");
            assertThat(ttl.timeToLiveStatusAsString()).isEqualTo("ENABLED");

            // The receiver: its reserved concurrency, its URL (auth NONE), both permissions a public URL needs.
            var function = lambda.getFunction(r -> r.functionName(receiver));
            assertThat(function.concurrency().reservedConcurrentExecutions()).isEqualTo(10);
            assertThat(function.configuration().handler()).isEqualTo("dev.recordmetric.jobevents.ReceiveJobEventsHandler::handleRequest");
            assertThat(function.configuration().timeout()).isEqualTo(10);
            assertThat(function.configuration().environment().variables()).containsEntry("WEBHOOK_SECRET_ARN", webhookSecretArn)
                    .containsEntry("JOB_LEDGER_TABLE", table);
            var url = lambda.getFunctionUrlConfig(r -> r.functionName(receiver));
            assertThat(url.authTypeAsString()).isEqualTo("NONE");
            assertThat(url.functionUrl()).isEqualTo(settings.path("payload_url").asText());
            JsonNode policy = Json.MAPPER.readTree(lambda.getPolicy(r -> r.functionName(receiver)).policy());
            Map<String, String> statements = new LinkedHashMap<>();
            policy.path("Statement").forEach(st -> statements.put(st.path("Sid").asText(),
                    st.path("Action").asText() + " " + st.path("Principal").asText() + " " + st.path("Condition")));
            assertThat(statements).containsEntry("GitHubWebhooksThroughTheFunctionUrl",
                            "lambda:InvokeFunctionUrl * {\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}")
                    .containsEntry("InvokeFunctionForTheFunctionUrl", "lambda:InvokeFunction * ");
            assertThat(lambda.getFunction(r -> r.functionName(repairs)).configuration().handler())
                    .isEqualTo("dev.recordmetric.jobevents.RepairJobLedgerHandler::handleRequest");
            assertThat(logs.describeMetricFilters(r -> r.logGroupName("/aws/lambda/" + receiver)).metricFilters()).singleElement()
                    .satisfies(filter -> assertThat(filter.filterPattern()).isEqualTo("{ $.outcome = \"rejected-signature\" }"));
        }
        // The repair state machine, on the main schedule's expression, in the module's group.
        String repairArn = sfn.listStateMachines().stateMachines().stream().filter(m -> m.name().equals(repairs)).findFirst()
                .orElseThrow().stateMachineArn();
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(repairArn)).definition())
                .contains(":function:" + repairs).doesNotContain("${");
        try (SchedulerClient scheduler = Moto.client(SchedulerClient.builder(), deployment)) {
            var repairSchedule = scheduler.getSchedule(r -> r.groupName(STATE_MACHINE).name(repairs));
            assertThat(repairSchedule.target().arn()).isEqualTo(repairArn);
            assertThat(repairSchedule.scheduleExpression()).isEqualTo(schedule().scheduleExpression()).isEqualTo("rate(1 minute)");
        }
        // What the webhook form needs, never the secret.
        assertThat(settings.path("content_type").asText()).isEqualTo("application/json");
        assertThat(settings.path("events")).extracting(JsonNode::asText).containsExactly("workflow_job");
        assertThat(settings.path("secret_arn").asText()).isEqualTo(webhookSecretArn);
    }

    @Test
    @Order(3)
    void scheduledRun_succeeds_andMotosCloudWatchHoldsGitHubsCounts_atTheObservationSecond() {
        Executions.Execution run = scheduledRun();

        assertThat(run.status()).as(run.summary()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.statesEntered()).containsSubsequence("StartRun", "GetToken", "ListRunners", "CountRunners", "PutMetricData");
        JsonNode output = run.output();
        long busy = RUNNERS.stream().filter(r -> r.online() && r.busy() && r.labels().contains(LABEL)).count();
        long idle = RUNNERS.stream().filter(r -> r.online() && !r.busy() && r.labels().contains(LABEL)).count();
        assertThat(output.path("busyRunners").asLong()).isEqualTo(busy).isEqualTo(2);
        assertThat(output.path("idleRunners").asLong()).isEqualTo(idle).isEqualTo(3);
        Instant observedAt = Instant.parse(output.path("observedAt").asText());
        assertThat(observedAt).isBetween(run.startedAt().truncatedTo(ChronoUnit.SECONDS), run.endedAt())
                .isEqualTo(observedAt.truncatedTo(ChronoUnit.SECONDS));
        assertThat(datapoints("BusyRunners", observedAt, StandardUnit.COUNT)).isEqualTo(Map.of(observedAt, (double) busy));
        assertThat(datapoints("IdleRunners", observedAt, StandardUnit.COUNT)).isEqualTo(Map.of(observedAt, (double) idle));
        assertThat(datapoints("BusyRunners", observedAt, StandardUnit.SECONDS)).as("published as Count, nothing else").isEmpty();
        long offline = RUNNERS.stream().filter(r -> !r.online() && r.labels().contains(LABEL)).count();
        assertThat(datapoints("OfflineRunners", observedAt, StandardUnit.COUNT)).isEqualTo(Map.of(observedAt, (double) offline));
        Dimension pool = Dimension.builder().name("asg_name").value(ASG).build();
        Dimension deployment = Dimension.builder().name("state_machine").value(STATE_MACHINE).build();
        assertThat(cloudWatch.listMetrics(r -> r.namespace(NAMESPACE)).metrics())
                .as("the pool's three counts and their uncertainty, the API budget per deployment, and (the example's job_events"
                        + " gives ListRunners JOB_LEDGER_TABLE) the demand from the ledger: no job started, so no JobWaitSeconds")
                .extracting(metric -> metric.metricName() + " " + metric.dimensions())
                .containsExactlyInAnyOrder(
                        "BusyRunners " + List.of(pool), "IdleRunners " + List.of(pool), "OfflineRunners " + List.of(pool),
                        "RunnerCountUncertainty " + List.of(pool),
                        "GitHubApiRemaining " + List.of(deployment), "GitHubApiLimit " + List.of(deployment),
                        "QueuedJobs " + List.of(pool), "OldestQueuedJobAgeSeconds " + List.of(pool),
                        "BusyFlagDisagreements " + List.of(pool), "UnmatchedQueuedJobs " + List.of(deployment));
    }

    @Test
    @Order(4)
    void rateLimitedRun_waitsInTheWaitState_andSendsNoRequestBeforeRetryAfter() {
        github.resetRequests();
        github.faults().nextOn(RUNNERS_PATH, Fault.secondaryRateLimit(429, Duration.ofSeconds(2)));

        Executions.Execution run = scheduledRun();

        assertThat(run.status()).as(run.summary()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.statesEntered()).containsSubsequence("ListRunners", "ListRunnersRateLimited", "CountListRunnersWait",
                "WaitForListRunnersRateLimit", "ListRunners", "CountRunners", "PutMetricData");
        List<RecordedRequest> sent = github.requests().stream().filter(r -> r.path().startsWith(RUNNERS_PATH)).toList();
        assertThat(sent).hasSize(2);
        Instant allowed = sent.get(0).receivedAt().plusSeconds(2);
        System.out.printf("[e2e] rate limit: second request %d ms after the first (retry-after: 2)%n",
                Duration.between(sent.get(0).receivedAt(), sent.get(1).receivedAt()).toMillis());
        assertThat(sent.get(1).receivedAt()).as("no request before retry-after").isAfterOrEqualTo(allowed);
        assertThat(run.output().path("busyRunners").asInt()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void tokenRejectedTwice_endsInListRunnersFailed_withTheNamedError_andPublishesNothing() {
        github.faults().nextOn(RUNNERS_PATH, Fault.badCredentials(), Fault.badCredentials());
        int callsBefore = deployment.proxy().calls().size();
        long datapointsBefore = allDatapoints();

        Executions.Execution run = scheduledRun();

        assertThat(run.status()).as(run.summary()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("dev.recordmetric.errors.TokenRejectedException");
        assertThat(run.statesEntered()).containsSubsequence("ListRunners", "TokenRejected", "RefreshToken", "GetToken", "ListRunners",
                "TokenRejected", "ListRunnersFailed");
        assertThat(run.statesEntered()).containsOnlyOnce("RefreshToken").doesNotContain("CountRunners", "PutMetricData");
        assertThat(run.description().cause()).as("the cause says what to check").contains("revoked");
        assertThat(deployment.proxy().calls().subList(callsBefore, deployment.proxy().calls().size()))
                .noneMatch(call -> call.operation().equals("PutMetricData"));
        assertThat(allDatapoints()).as("no datapoint in moto's CloudWatch").isEqualTo(datapointsBefore);
    }

    @Test
    @Order(6)
    void functions_ranWithMotosConfiguration_theUploadedJars_andTheSecretAndKeyTerraformCreated() throws IOException {
        anyRun();
        List<DeployedFunctions.Deployment> deployed = deployment.functions().deployments();
        DeployedFunctions.Deployment getToken = latest(deployed, "record-metric-github-runners-get-token");
        DeployedFunctions.Deployment listRunners = latest(deployed, "record-metric-github-runners-list-runners");
        String keyArn;
        try (LambdaClient lambda = Moto.client(LambdaClient.builder(), deployment); KmsClient kms = Moto.client(KmsClient.builder(), deployment)) {
            for (DeployedFunctions.Deployment function : List.of(getToken, listRunners)) {
                var moto = lambda.getFunctionConfiguration(r -> r.functionName(function.functionName()));
                assertThat(function.handler()).isEqualTo(moto.handler());
                assertThat(function.environment()).isEqualTo(moto.environment().variables());
                assertThat(function.memoryMb()).isEqualTo(moto.memorySize()).isEqualTo(1024);
                assertThat(function.timeoutSeconds()).isEqualTo(moto.timeout()).isEqualTo(30);
                assertThat(function.logFormat()).isEqualTo("JSON");
                assertThat(sha256(function.code())).as("the code that ran is what moto holds").isEqualTo(moto.codeSha256());
                assertThat(function.environment()).containsEntry("GITHUB_API_URL", github.baseUrl());
            }
            assertThat(Files.mismatch(getToken.code(), Path.of(System.getProperty("recordmetric.repository.dir", ".."),
                    "functions/get-token/target/get-token.jar"))).as("Terraform uploaded the built jar").isEqualTo(-1);
            keyArn = getToken.environment().get("TOKEN_KMS_KEY_ID");
            assertThat(listRunners.environment()).containsEntry("TOKEN_KMS_KEY_ID", keyArn);
            assertThat(getToken.environment()).containsEntry("GITHUB_CREDENTIALS_SECRET_ARN", secretArn);
            var key = kms.describeKey(r -> r.keyId(keyArn)).keyMetadata();
            assertThat(key.description()).contains("record-metric-github-runners");
            String terraformKeyId = applied.resources().stream().filter(r -> r.address().equals("module.record_metric.aws_kms_key.this[0]"))
                    .findFirst().orElseThrow().values().path("key_id").asText();
            assertThat(key.keyId()).as("the key is the one Terraform created").isEqualTo(terraformKeyId);
        }
        List<AwsCall> calls = deployment.proxy().calls();
        assertThat(calls).filteredOn(c -> c.accessKeyId().equals(getToken.accessKeyId()) && c.operation().equals("GetSecretValue"))
                .isNotEmpty().allSatisfy(c -> {
                    assertThat(c.parameter("SecretId")).hasValue(secretArn);
                    assertThat(c.status()).isEqualTo(200);
                });
        assertThat(calls).filteredOn(c -> c.accessKeyId().equals(getToken.accessKeyId()) && c.operation().equals("Encrypt"))
                .isNotEmpty().allSatisfy(c -> {
                    assertThat(c.parameter("KeyId")).hasValue(keyArn);
                    assertThat(c.status()).isEqualTo(200);
                });
        assertThat(calls).filteredOn(c -> c.accessKeyId().equals(listRunners.accessKeyId()) && c.operation().equals("Decrypt"))
                .isNotEmpty().allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
        assertThat(calls).filteredOn(c -> c.accessKeyId().equals(listRunners.accessKeyId()))
                .as("ListRunners never reads the secret").noneMatch(c -> c.operation().equals("GetSecretValue"));
    }

    @Test
    @Order(7)
    void executionHistories_inMoto_holdNeitherThePatNorItsBase64_norDoTheFunctionsLogs() {
        anyRun();
        String patBase64 = Base64.getEncoder().encodeToString(PAT.getBytes(StandardCharsets.UTF_8));
        List<String> executionArns = sfn.listExecutionsPaginator(r -> r.stateMachineArn(stateMachineArn)).executions().stream()
                .map(e -> e.executionArn()).toList();
        assertThat(executionArns).hasSizeGreaterThanOrEqualTo(ran.size());
        List<String> scanned = new ArrayList<>();
        for (String arn : executionArns) {
            for (HistoryEvent event : executions.history(arn)) {
                for (String text : Executions.strings(event)) {
                    scanned.add(text);
                    assertThat(text).as("%s event %d", arn, event.id()).doesNotContain(PAT).doesNotContain(patBase64);
                }
            }
        }
        assertThat(scanned).as("the scan reads the events' input and output (which toString hides)")
                .anyMatch(text -> text.contains("\"sealedToken\"")).anyMatch(text -> text.contains("\"busyRunners\""));
        assertThat(ran).flatExtracting(r -> r.history().stream().filter(e -> e.typeAsString().equals("LambdaFunctionSucceeded"))
                .map(e -> e.lambdaFunctionSucceededEventDetails().output()).filter(o -> o.contains("sealedToken")).toList())
                .as("the token travels sealed").isNotEmpty();
        for (LambdaInvokeEndpoint.Invocation invocation : deployment.functions().invocations()) {
            assertThat(invocation.logLines()).noneMatch(line -> line.contains(PAT));
            assertThat(invocation.consoleLines()).noneMatch(line -> line.contains(PAT));
            assertThat(invocation.response()).doesNotContain(PAT);
        }
    }

    @Test
    @Order(8)
    void snapStart_afterApplyingSnapstartTrue_theFunctionsRestoreWithContainerCredentials_andTheRunSucceeds() {
        LocalDeployment.Applied snapStart = deployment.apply(variables(true));
        System.out.printf("[e2e] terraform apply with snapstart = true: %d resources in %.1f s%n", snapStart.resources().size(),
                snapStart.took().toMillis() / 1e3);
        applied = snapStart;

        Executions.Execution run = scheduledRun();

        assertThat(snapStart.addresses()).contains("module.record_metric.aws_lambda_alias.get_token[0]",
                "module.record_metric.aws_lambda_alias.list_runners[0]");
        assertThat(run.status()).as(run.summary()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Instant observedAt = Instant.parse(run.output().path("observedAt").asText());
        assertThat(datapoints("IdleRunners", observedAt, StandardUnit.COUNT)).containsEntry(observedAt, 3.0);
        for (String function : List.of("record-metric-github-runners-get-token", "record-metric-github-runners-list-runners")) {
            DeployedFunctions.Deployment live = latest(deployment.functions().deployments(), function);
            assertThat(live.qualifier()).as(function + " is invoked through its alias").isEqualTo("live");
            assertThat(live.version()).isNotEqualTo("$LATEST");
            assertThat(live.snapStart()).isTrue();
            LambdaInvokeEndpoint.Environments environments = deployment.functions().environments(live);
            assertThat(environments.restoresRequested()).as(function + " went through the runtime client's restore").isNotEmpty();
            assertThat(environments.credentialFetches()).as(function + " took its credentials from the container endpoint").isNotEmpty()
                    .allSatisfy(fetch -> assertThat(fetch.authorized()).isTrue());
        }
    }

    @Test
    @Order(9)
    void destroy_removesEveryResource_fromMotosOwnListings() {
        LocalDeployment.Destroyed destroyed = deployment.destroy();
        System.out.printf("[e2e] terraform destroy: %d resources in %.1f s%n", destroyed.addresses().size(), destroyed.took().toMillis() / 1e3);
        destroyed.addresses().forEach(address -> System.out.println("[e2e]   destroyed " + address));

        MotoInventory.Listing after = inventory.list();

        assertThat(destroyed.addresses()).containsExactlyInAnyOrderElementsOf(applied.addresses());
        assertThat(destroyed.remaining()).as("the state is empty").isEmpty();
        assertThat(after.present()).as("moto holds what it held before the apply, nothing more").isEqualTo(before.present());
        Set<String> scheduled = new TreeSet<>(after.scheduledForDeletion());
        scheduled.removeAll(before.scheduledForDeletion());
        assertThat(scheduled).as("the KMS key and the secret wait out their deletion windows, as AWS deletes them")
                .containsExactlyInAnyOrder("kms_key:" + keyId(), "secret:" + secretArn,
                        "secret:" + applied.outputs().get("github_webhook_secret_arn").asText());
    }

    private String keyId() {
        return applied.resources().stream().filter(r -> r.type().equals("aws_kms_key")).findFirst().orElseThrow()
                .values().path("key_id").asText();
    }

    private static DeployedFunctions.Deployment latest(List<DeployedFunctions.Deployment> deployed, String function) {
        return deployed.stream().filter(d -> d.functionName().equals(function)).reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError(function + " never ran; ran: "
                        + deployed.stream().map(DeployedFunctions.Deployment::functionName).collect(Collectors.toSet())));
    }

    /** The datapoints of {@code metric} (dimension asg_name) in the minute around {@code at}, per second, in {@code unit}. */
    private Map<Instant, Double> datapoints(String metric, Instant at, StandardUnit unit) {
        List<MetricDataResult> results = cloudWatch.getMetricData(r -> r
                .startTime(at.minusSeconds(30)).endTime(at.plusSeconds(30))
                .metricDataQueries(q -> q.id("m").metricStat(s -> s.period(1).stat("Maximum").unit(unit)
                        .metric(m -> m.namespace(NAMESPACE).metricName(metric).dimensions(d -> d.name("asg_name").value(ASG))))))
                .metricDataResults();
        Map<Instant, Double> points = new LinkedHashMap<>();
        for (MetricDataResult result : results) {
            for (int i = 0; i < result.timestamps().size(); i++) {
                points.put(result.timestamps().get(i), result.values().get(i));
            }
        }
        return points;
    }

    /** How many datapoints moto's CloudWatch holds for both metrics over the last hour. */
    private long allDatapoints() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long count = 0;
        for (String metric : List.of("BusyRunners", "IdleRunners")) {
            for (MetricDataResult result : cloudWatch.getMetricData(r -> r.startTime(now.minus(Duration.ofHours(1))).endTime(now.plusSeconds(60))
                    .metricDataQueries(q -> q.id("n").metricStat(s -> s.period(3600).stat("SampleCount")
                            .metric(m -> m.namespace(NAMESPACE).metricName(metric).dimensions(d -> d.name("asg_name").value(ASG))))))
                    .metricDataResults()) {
                count += result.values().stream().mapToLong(Double::longValue).sum();
            }
        }
        return count;
    }

    private static String sha256(Path file) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
