package dev.recordmetric.cli;

import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeHook;
import dev.recordmetric.fakes.FakeJob;
import dev.recordmetric.fakes.HookDelivery;
import dev.recordmetric.jobevents.LedgerTableSchema;
import dev.recordmetric.local.FakeBackends;
import dev.recordmetric.local.FunctionPackage;
import dev.recordmetric.local.LocalWorkflow;
import dev.recordmetric.local.Overrides;
import dev.recordmetric.local.RepairWorkflow;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The job ledger of the simulated run, as Terraform's {@code job_events} deploys it, on this machine:
 * the ledger table in the fakes' DynamoDB ({@code FakeDynamoDb}, no moto needed), the webhook secret in
 * their Secrets Manager, the real receiver (the job-events jar under the Lambda runtime client) behind
 * a local function URL, the simulated organization's webhook delivering every job change to it signed,
 * a fraction dropped, and after each run the {@code repair-job-ledger} state machine on the local
 * engine with the real GetToken and RepairJobLedger. {@link #view} compares the ledger with GitHub's
 * jobs.
 */
final class SimulatedLedger implements AutoCloseable {

    static final String TABLE = "record-metric-job-ledger";
    static final long HOOK_ID = 424_242;
    static final String WEBHOOK_SECRET_ARN =
            "arn:aws:secretsmanager:" + FakeAws.REGION + ":" + FakeAws.ACCOUNT + ":secret:record-metric/webhook-XyZ123";

    private final FakeBackends backends;
    private final DynamoDbClient dynamoDb;
    private final LocalReceiver receiver;
    private final FakeHook hook;
    private final RepairWorkflow repairs;
    private int deliveriesSeen;

    /**
     * @param dropFraction the fraction of deliveries the webhook drops (0 to 1)
     * @param seed which deliveries are dropped
     * @param token the simulated organization's token: given the scopes the repairs use (the hook's
     *     deliveries: {@code admin:org_hook}; jobs of private repositories: {@code repo})
     */
    SimulatedLedger(FakeBackends backends, String token, double dropFraction, long seed, String metricNamespace) {
        this.backends = backends;
        FakeAws aws = backends.aws();
        FakeGitHub github = backends.github();
        github.acceptToken(token, "admin:org", "admin:org_hook", "repo");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String secretText = HexFormat.of().formatHex(secret);
        aws.putSecret(WEBHOOK_SECRET_ARN, secretText);
        this.dynamoDb = DynamoDbClient.builder().endpointOverride(aws.endpoint()).region(Region.of(FakeAws.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(aws.credentials()))
                .httpClient(UrlConnectionHttpClient.create()).build();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            LedgerTableSchema.create(dynamoDb, TABLE);
            this.receiver = LocalReceiver.start(receiverPackage(aws));
            started.add(receiver);
            this.hook = github.organizationHook(SimulatedOrganization.ORGANIZATION, HOOK_ID, receiver.url(),
                    secretText.getBytes(java.nio.charset.StandardCharsets.UTF_8)).dropping(dropFraction, seed);
            this.repairs = RepairWorkflow.start(backends.getTokenPackage(), RepairWorkflow.repairPackage(repairEnvironment(aws),
                    aws.credentials()), false, metricNamespace, Clock.systemUTC());
        } catch (RuntimeException e) {
            started.forEach(SimulatedLedger::closeQuietly);
            dynamoDb.close();
            throw e;
        }
    }

    /** The receiver's function as Terraform configures it ({@code receive-job-events}), pointed at the fakes. */
    private static FunctionPackage receiverPackage(FakeAws aws) {
        Map<String, String> env = new HashMap<>(aws.endpointVariables());
        env.put("AWS_REGION", FakeAws.REGION);
        env.put("WEBHOOK_SECRET_ARN", WEBHOOK_SECRET_ARN);
        env.put("JOB_LEDGER_TABLE", TABLE);
        return FunctionPackage.receiveJobEvents(env, aws.credentials());
    }

    /** RepairJobLedger's environment as Terraform sets it for an organization hook, pointed at the fakes. */
    private Map<String, String> repairEnvironment(FakeAws aws) {
        Map<String, String> env = new HashMap<>(aws.endpointVariables());
        env.put("AWS_REGION", FakeAws.REGION);
        env.put("JOB_LEDGER_TABLE", TABLE);
        env.put("TOKEN_KMS_KEY_ID", backends.kmsKeyArn());
        env.put("GITHUB_API_URL", backends.github().baseUrl());
        env.put("GITHUB_ORG", SimulatedOrganization.ORGANIZATION);
        env.put("WEBHOOK_HOOK", "organization:" + HOOK_ID);
        // A simulated minute: with runs a minute apart, a job whose redelivery was dropped too is read from GitHub
        // within a run or two (Terraform's default is 600 s).
        env.put("STALE_JOB_SECONDS", "60");
        return env;
    }

    /** GitHub's jobs now (the fake's truth). */
    List<FakeJob> jobs() {
        return backends.github().jobs().jobs();
    }

    FakeHook hook() {
        return hook;
    }

    URI receiverUrl() {
        return receiver.url();
    }

    /** One execution of the repair state machine, to its end. */
    LocalWorkflow.Run repair() {
        return repairs.run(Overrides.NONE);
    }

    /** The ledger against GitHub's jobs now, the deliveries since the last view, and {@code repair}'s outcome (may be null). */
    LedgerView view(LocalWorkflow.Run repair) {
        Map<Long, String> inLedger = new TreeMap<>();
        dynamoDb.scanPaginator(b -> b.tableName(TABLE)).items().forEach(item -> {
            AttributeValue id = item.get(LedgerTableSchema.JOB_ID);
            if (id != null) {
                inLedger.put(Long.parseLong(id.n()), item.get(LedgerTableSchema.STATUS).s());
            }
        });
        Map<Long, String> inGitHub = new TreeMap<>();
        for (FakeJob job : backends.github().jobs().jobs()) {
            inGitHub.put(job.id(), job.status());
        }
        List<String> differences = new ArrayList<>();
        inGitHub.forEach((id, status) -> {
            String held = inLedger.get(id);
            if (!status.equals(held)) {
                differences.add(id + ": ledger " + (held == null ? "none" : held) + ", GitHub " + status);
            }
        });
        inLedger.keySet().stream().filter(id -> !inGitHub.containsKey(id))
                .forEach(id -> differences.add(id + ": ledger " + inLedger.get(id) + ", GitHub none"));
        List<HookDelivery> all = hook.deliveries();
        List<HookDelivery> recent = all.subList(0, Math.max(0, all.size() - deliveriesSeen));
        deliveriesSeen = all.size();
        int dropped = (int) recent.stream().filter(d -> d.statusCode() / 100 != 2).count();
        int redelivered = (int) recent.stream().filter(d -> d.redelivery() && d.statusCode() / 100 == 2).count();
        return new LedgerView(counts(inLedger), counts(inGitHub), recent.size(), dropped, redelivered, repairs(repair),
                differences, inLedger, inGitHub);
    }

    private static Map<String, Integer> counts(Map<Long, String> jobs) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jobs.values().forEach(status -> counts.merge(status, 1, Integer::sum));
        return counts;
    }

    /**
     * What the repair execution did, from its Redeliver and Reconcile states' outputs (the functions'
     * answers: {@code $.redelivery}, {@code $.reconciliation}), so that a failure after them still
     * shows what they did.
     */
    private static LedgerView.Repairs repairs(LocalWorkflow.Run run) {
        if (run == null) {
            return null;
        }
        var result = run.result();
        com.fasterxml.jackson.databind.JsonNode redelivery = result.stateOutput("Redeliver")
                .map(output -> output.path("redelivery")).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        com.fasterxml.jackson.databind.JsonNode reconciliation = result.stateOutput("Reconcile")
                .map(output -> output.path("reconciliation")).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        String error = result.error() == null ? null
                : result.error() + (result.cause() == null ? "" : ": " + Timeline.readableCause(result.cause()));
        return new LedgerView.Repairs(result.executionArn(), run.status().name(), error, result.duration().toMillis(),
                redelivery.path("failedDeliveries").asInt(), redelivery.path("redeliveriesRequested").asInt(),
                reconciliation.path("jobsChecked").asInt(), reconciliation.path("jobsCorrected").asInt(),
                reconciliation.path("jobsClosed").asInt());
    }

    @Override
    public void close() {
        closeQuietly(repairs);
        closeQuietly(receiver);
        dynamoDb.close();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            if (resource != null) {
                resource.close();
            }
        } catch (Exception e) {
            // closing on the way out
        }
    }
}
