package dev.recordmetric.listrunners;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.AwsClients;
import dev.recordmetric.common.Environment;
import dev.recordmetric.common.InvocationLog;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.errors.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * ListRunners: unseals the token GetToken produced for this execution and lists the organization's
 * self-hosted runners labelled {@code installation_id:<id>}, grouped busy, idle and offline.
 * Input {@code {"sealedToken", "executionArn"}}; output described in {@link ObservationOutput}.
 */
public final class ListRunnersHandler implements RequestStreamHandler {

    private final ListRunnersConfig config;
    private final TokenSeal seal;
    private final RunnerLister lister;
    /** Held so that a CRaC context that keeps resources weakly keeps it. */
    private final CheckpointPriming priming;

    /** Lambda's constructor: configuration from the environment, one client of each kind for the instance's life. */
    public ListRunnersHandler() {
        this(Environment.system());
    }

    private ListRunnersHandler(Environment env) {
        this(env, AwsClients.build(KmsClient.builder(), env), Clock.systemUTC(), RunnerLister.DEFAULT_MAX_IN_FLIGHT);
    }

    public ListRunnersHandler(Map<String, String> env, KmsClient kms) {
        this(new Environment(env), kms, Clock.systemUTC(), RunnerLister.DEFAULT_MAX_IN_FLIGHT);
    }

    public ListRunnersHandler(Map<String, String> env, KmsClient kms, Clock clock, int maxPagesInFlight) {
        this(new Environment(env), kms, clock, maxPagesInFlight);
    }

    private ListRunnersHandler(Environment env, KmsClient kms, Clock clock, int maxPagesInFlight) {
        this.config = ListRunnersConfig.from(env);
        this.seal = new TokenSeal(kms, config.kmsKeyId());
        this.lister = new RunnerLister(config.githubApiUrl(), config.organization(), config.label(), clock,
                maxPagesInFlight);
        this.priming = CheckpointPriming.register(config);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var log = new InvocationLog("ListRunners")
                .put("organization", config.organization())
                .put("label", config.label());
        try {
            JsonNode request = read(input);
            String executionArn = TokenSeal.requireExecutionArn(request.path("executionArn").asText(null));
            String sealedToken = request.path("sealedToken").asText(null);
            if (sealedToken == null || sealedToken.isBlank()) {
                throw new InvalidConfigurationException("Input field sealedToken is missing: the state machine passes"
                        + " GetToken's output (\"sealedToken.$\": \"$.token.sealedToken\").");
            }
            Listing listing = lister.list(seal.unseal(sealedToken, executionArn));
            JsonStreams.write(ObservationOutput.render(config, listing), output);
            long busy = listing.runners().stream().filter(r -> r.state() == RunnerState.BUSY).count();
            long idle = listing.runners().stream().filter(r -> r.state() == RunnerState.IDLE).count();
            log.put("pages", listing.pages())
                    .put("requests", listing.requests())
                    .put("listings", listing.listings())
                    .put("runnersSeen", listing.runnersSeen())
                    .put("runnersMatched", listing.runners().size())
                    .put("busy", busy)
                    .put("idle", idle)
                    .put("offline", listing.runners().size() - busy - idle);
            listing.rateLimitRemaining().ifPresent(remaining -> log.put("rateLimitRemaining", remaining));
            log.succeeded(context.getLogger());
        } catch (RuntimeException e) {
            log.failed(context.getLogger(), e);
            throw e;
        }
    }

    private static JsonNode read(InputStream input) {
        try {
            JsonNode node = JsonStreams.readTree(input);
            if (node == null || !node.isObject()) {
                throw new InvalidConfigurationException("ListRunners' input is not a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidConfigurationException("ListRunners' input is not JSON.", e);
        }
    }
}
