package dev.recordmetric.jobevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.AwsClients;
import dev.recordmetric.common.Environment;
import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.common.HandlerSkeleton;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.InvocationLog;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.errors.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * RepairJobLedger: one of the two repairs a run of the {@code repair-job-ledger} state machine
 * makes, as its input's {@code repair} says: {@code redeliver} ({@link Redelivery}) or
 * {@code reconcile} ({@link Reconciliation}, whose output also carries both repairs' datapoints,
 * {@link RepairMetrics}). Input {@code {"repair", "credentials": {"sealedToken", "sealedAppJwt"?},
 * "executionArn", "stateMachineName", "tokenRefreshed"?, "budget", "redelivery"?}} (the two sealed
 * fields may also stand at the top); the token (and the App's JWT) are
 * unsealed as ListRunners unseals its token. When GitHub rate-limits a repair and the wait fits
 * the run, the output is {@code {"rateLimit": {...}}} for the state machine's Wait state.
 */
public final class RepairJobLedgerHandler implements RequestStreamHandler {

    private final RepairConfig config;
    private final TokenSeal seal;
    private final GitHubClient github;
    private final Redelivery redelivery;
    private final Reconciliation reconciliation;
    private final Clock clock;
    /** Held so that a CRaC context that keeps resources weakly keeps it. */
    private final HandlerSkeleton skeleton;

    /** Lambda's constructor: configuration from the environment, one client of each kind for the instance's life. */
    public RepairJobLedgerHandler() {
        this(Environment.system(), null, null, Clock.systemUTC());
    }

    public RepairJobLedgerHandler(Map<String, String> env, KmsClient kms, DynamoDbClient dynamoDb, Clock clock) {
        this(new Environment(env), kms, dynamoDb, clock);
    }

    private RepairJobLedgerHandler(Environment env, KmsClient kms, DynamoDbClient dynamoDb, Clock clock) {
        this.skeleton = HandlerSkeleton.start("RepairJobLedger", clock);
        this.config = RepairConfig.from(env);
        this.clock = clock;
        this.github = new GitHubClient(config.githubApiUrl(), clock);
        DynamoDbClient table = dynamoDb != null ? dynamoDb : AwsClients.build(DynamoDbClient.builder(), env);
        this.seal = new TokenSeal(kms != null ? kms : AwsClients.build(KmsClient.builder(), env), config.kmsKeyId());
        this.redelivery = config.hook().deliveriesPath(config.organization())
                .map(path -> new Redelivery(github, new RedeliveryCursor(table, config.table()),
                        URI.create(config.githubApiUrl() + path), config.pagesPerRun(), config.redeliveriesPerRun(), clock))
                .orElse(null);
        this.reconciliation = new Reconciliation(github, new JobLedger(table, config.table(), config.retention()),
                config.staleAfter(), config.reconciliationsPerRun(), clock);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var log = new InvocationLog("RepairJobLedger").put("organization", config.organization());
        github.newInvocation();
        skeleton.handle(input, output, context, log, github::lastRateLimit, (request, budget) -> {
            String repair = request.path("repair").asText("");
            log.put("repair", repair);
            return switch (repair) {
                case "redeliver" -> redeliver(request, budget, log);
                case "reconcile" -> reconcile(request, budget, log);
                default -> throw new InvalidConfigurationException("Input field repair is '" + repair + "': the state"
                        + " machine passes \"repair\": \"redeliver\" or \"reconcile\" (terraform/templates/repair-job-ledger.asl.json).");
            };
        });
    }

    private ObjectNode redeliver(JsonNode request, InvocationBudget budget, InvocationLog log) {
        Redelivery.Result result = Redelivery.Result.OFF;
        if (redelivery != null) {
            String field = config.hook().app() ? "sealedAppJwt" : "sealedToken";
            String credential = unseal(request, field, budget);
            result = redelivery.run(credential, request.path("tokenRefreshed").asBoolean(false), budget);
        }
        log.put("deliveriesExamined", result.deliveriesExamined())
                .put("failedDeliveries", result.failedDeliveries())
                .put("redeliveriesRequested", result.redeliveriesRequested())
                .put("githubRequests", result.githubRequests());
        ObjectNode output = JsonStreams.objectNode()
                .put("deliveriesExamined", result.deliveriesExamined())
                .put("failedDeliveries", result.failedDeliveries())
                .put("redeliveriesRequested", result.redeliveriesRequested())
                .put("sweepUnfinished", result.sweepUnfinished())
                .put("githubRequests", result.githubRequests());
        if (result.cursor() == null) {
            output.putNull("cursor");
        } else {
            output.put("cursor", result.cursor());
        }
        return output;
    }

    private ObjectNode reconcile(JsonNode request, InvocationBudget budget, InvocationLog log) {
        String token = unseal(request, "sealedToken", budget);
        Reconciliation.Result result = reconciliation.run(token, request.path("tokenRefreshed").asBoolean(false), budget);
        log.put("jobsChecked", result.jobsChecked())
                .put("jobsCorrected", result.jobsCorrected())
                .put("jobsClosed", result.jobsClosed())
                .put("notModified", result.notModified());
        ObjectNode output = JsonStreams.objectNode()
                .put("jobsChecked", result.jobsChecked())
                .put("jobsCorrected", result.jobsCorrected())
                .put("jobsClosed", result.jobsClosed())
                .put("notModified", result.notModified())
                .put("githubRequests", result.githubRequests());
        output.set("metricData", RepairMetrics.render(request.path("redelivery"), result,
                request.path("stateMachineName").asText(null), clock.instant()));
        return output;
    }

    private String unseal(JsonNode request, String field, InvocationBudget budget) {
        String executionArn = TokenSeal.requireExecutionArn(request.path("executionArn").asText(null));
        // The state machine passes GetToken's whole output as credentials: sealedAppJwt is in it only when asked for.
        JsonNode credentials = request.has("credentials") ? request.get("credentials") : request;
        String sealed = credentials.path(field).asText(null);
        if (sealed == null || sealed.isBlank()) {
            throw new InvalidConfigurationException("Input field " + field + " is missing: the state machine passes"
                    + " GetToken's output" + (field.equals("sealedAppJwt")
                            ? " with \"appJwt\": true (the webhook is the App's: the template's AppHook = true)."
                            : " (\"credentials.$\": \"$.token\")."));
        }
        return seal.unseal(sealed, executionArn, budget.bound(AwsClients.API_CALL_TIMEOUT, "unsealing the " + field));
    }
}
