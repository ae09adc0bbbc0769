package dev.recordmetric.listrunners;

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
import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.errors.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * ListRunners: unseals the token GetToken produced for this execution, lists the organization's
 * self-hosted runners once (or one runner group's) and counts, for each pool, those labelled
 * {@code installation_id:<id>}, grouped busy, idle and offline. Input {@code {"sealedToken",
 * "executionArn", "stateMachineName", "tokenRefreshed", "budget"}} (the last three optional;
 * {@code stateMachineName} dimensions the API budget datapoints; {@code budget} described in
 * {@link InvocationBudget}); output described in
 * {@link ObservationOutput}, or, when GitHub rate-limited the listing and its wait fits the run,
 * {@code {"rateLimit": {"waitSeconds", "retryAt", "error", "cause", "rateLimitWaits"}, rateLimit*}}
 * for the state machine's Wait state.
 */
public final class ListRunnersHandler implements RequestStreamHandler {

    private final ListRunnersConfig config;
    private final TokenSeal seal;
    private final GitHubClient github;
    private final RunnerLister lister;
    /** Present with {@code JOB_LEDGER_TABLE} (job_events on): demand from the job ledger. */
    private final Optional<LedgerDemand> ledger;
    /** Held, as the priming, so that a CRaC context that keeps resources weakly keeps it. */
    private final HandlerSkeleton skeleton;
    /** Held so that a CRaC context that keeps resources weakly keeps it. */
    private final CheckpointPriming priming;

    /** Pages in flight as {@link ListRunnersConfig#concurrency()} says. */
    private static final int CONFIGURED = 0;

    /** Lambda's constructor: configuration from the environment, one client of each kind for the instance's life. */
    public ListRunnersHandler() {
        this(Environment.system());
    }

    private ListRunnersHandler(Environment env) {
        this(env, configured -> AwsClients.build(KmsClient.builder(), configured),
                configured -> AwsClients.build(DynamoDbClient.builder(), configured), Clock.systemUTC(), CONFIGURED, true);
    }

    public ListRunnersHandler(Map<String, String> env, KmsClient kms) {
        this(new Environment(env), configured -> kms, ListRunnersHandler::noDynamoDb, Clock.systemUTC(), CONFIGURED, false);
    }

    /** @param maxPagesInFlight pages fetched at once, instead of {@code LIST_RUNNERS_CONCURRENCY} */
    public ListRunnersHandler(Map<String, String> env, KmsClient kms, Clock clock, int maxPagesInFlight) {
        this(new Environment(env), configured -> kms, ListRunnersHandler::noDynamoDb, clock, maxPagesInFlight, false);
    }

    /** @param dynamoDb the job ledger's client, used when {@code JOB_LEDGER_TABLE} is set */
    public ListRunnersHandler(Map<String, String> env, KmsClient kms, DynamoDbClient dynamoDb, Clock clock) {
        this(new Environment(env), configured -> kms, configured -> dynamoDb, clock, CONFIGURED, false);
    }

    private static DynamoDbClient noDynamoDb(Environment env) {
        throw new InvalidConfigurationException(LedgerDemand.TABLE + " is set but this handler was given no DynamoDB client:"
                + " construct it with one.");
    }

    /**
     * Runs the listing's offline code once on made-up data and, with {@code primeKms} (Lambda's
     * constructor), the unsealing code once on an offline KMS client: in a fresh JVM the first
     * invocation then finds both paths loaded. Neither touches the network.
     */
    private ListRunnersHandler(Environment env, Function<Environment, KmsClient> kms,
            Function<Environment, DynamoDbClient> dynamoDb, Clock clock, int maxPagesInFlight, boolean primeKms) {
        this.skeleton = HandlerSkeleton.start("ListRunners", clock);
        this.config = ListRunnersConfig.from(env);
        this.github = new GitHubClient(config.githubApiUrl(), clock);
        this.lister = new RunnerLister(github, config.organization(), config.runnerGroupId(), config.labels(), clock,
                maxPagesInFlight == CONFIGURED ? config.concurrency() : maxPagesInFlight);
        List<List<String>> jobLabels = PoolJobLabels.from(env, config.pools());
        this.ledger = LedgerDemand.table(env).map(table -> new LedgerDemand(dynamoDb.apply(env), table, jobLabels));
        this.priming = CheckpointPriming.register(config, ledger.isPresent() ? jobLabels : null);
        priming.prime();
        if (primeKms) {
            try (KmsClient offline = AwsClients.offline(KmsClient.builder(), env, TokenSeal.PRIMING_RESPONSE)) {
                TokenSeal.primeUnseal(offline);
            }
            if (ledger.isPresent()) {
                try (DynamoDbClient offline = AwsClients.offline(DynamoDbClient.builder(), env, "{}")) {
                    LedgerDemand.prime(offline);
                }
            }
        }
        this.seal = new TokenSeal(kms.apply(env), config.kmsKeyId());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var log = new InvocationLog("ListRunners")
                .put("organization", config.organization())
                .put("labels", String.join(",", config.labels()));
        github.newInvocation();
        skeleton.handle(input, output, context, log, github::lastRateLimit, (request, budget) -> {
            String executionArn = TokenSeal.requireExecutionArn(request.path("executionArn").asText(null));
            String sealedToken = request.path("sealedToken").asText(null);
            if (sealedToken == null || sealedToken.isBlank()) {
                throw new InvalidConfigurationException("Input field sealedToken is missing: the state machine passes"
                        + " GetToken's output (\"sealedToken.$\": \"$.token.sealedToken\").");
            }
            boolean refreshed = request.path("tokenRefreshed").asBoolean(false);
            String stateMachineName = request.path("stateMachineName").asText(null);
            String token = seal.unseal(sealedToken, executionArn, budget.bound(AwsClients.API_CALL_TIMEOUT, "unsealing the token"));
            Listing listed = lister.list(token, budget, refreshed);
            Demand demand = ledger.map(reader -> reader.count(config.pools(), listed, listed.observedAt())).orElse(null);
            Listing listing = demand == null ? listed : listed.withRunners(demand.runners());
            List<RunnerCounts> counts = RunnerCounts.perPool(listing.runners(), config.pools().size());
            RunnerCounts total = RunnerCounts.total(counts);
            log.put("pages", listing.pages())
                    .put("requests", listing.requests())
                    .put("listings", listing.listings())
                    .put("runnersSeen", listing.runnersSeen())
                    .put("pools", config.pools().size())
                    .put("runnersMatched", total.runners())
                    .put("busy", total.busy())
                    .put("idle", total.idle())
                    .put("offline", total.offline());
            if (demand != null) {
                log.put("queued", demand.queued())
                        .put("queuedByPool", ObservationOutput.perPool(config.pools(), pool -> demand.pools().get(pool).queued()))
                        .put("unmatchedQueuedJobs", demand.unmatchedQueuedJobs())
                        .put("jobsStarted", demand.jobsStarted())
                        .put("busyFlagDisagreements", demand.busyFlagDisagreements());
            }
            listing.rateLimit().addTo(log);
            ObjectNode observation = ObservationOutput.render(config, listing, counts, stateMachineName, demand);
            // The bound's fields as the output has them, so that the two never tell different stories.
            ObservationOutput.BOUND_FIELDS.stream().filter(observation::has).forEach(field -> {
                JsonNode value = observation.get(field);
                if (value.isBoolean()) {
                    log.put(field, value.booleanValue());
                } else if (value.isNumber()) {
                    log.put(field, value.longValue());
                } else {
                    log.put(field, value.asText());
                }
            });
            return observation;
        });
    }
}
