package dev.recordmetric.gettoken;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.AwsClients;
import dev.recordmetric.common.Environment;
import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.common.HandlerSkeleton;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.InvocationLog;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.common.GitHubRateLimit;
import dev.recordmetric.common.TokenSeal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * GetToken: reads the GitHub credentials from Secrets Manager, obtains a token (a personal access
 * token, or a GitHub App installation token cached across warm invocations) and returns it sealed
 * with KMS for this execution. Input {@code {"executionArn", "refresh", "repairs", "appJwt", "budget"}}
 * ({@code refresh} bypasses the App token cache; {@code repairs}: an App token with the repairs'
 * permissions, {@link TokenPermissions}; {@code appJwt}: also the App's JWT, sealed the same way, as
 * {@code sealedAppJwt}, for the App webhook's deliveries, and an {@link
 * dev.recordmetric.errors.InvalidConfigurationException} for a personal access token; {@code budget}
 * described in {@link InvocationBudget}; all optional); output {@code {"sealedToken",
 * "sealedAppJwt"?, "credentialType", "expiresAt", "fromCache"}}, or, when
 * GitHub rate-limited the App token mint and its wait fits the run,
 * {@code {"rateLimit": {"waitSeconds", "retryAt", "error", "cause", "rateLimitWaits"}}} for the
 * state machine's Wait state.
 */
public final class GetTokenHandler implements RequestStreamHandler {

    private final GetTokenConfig config;
    private final TokenSource tokens;
    private final TokenSeal seal;
    /** Held, as the priming, so that a CRaC context that keeps resources weakly keeps it. */
    private final HandlerSkeleton skeleton;
    /** Held so that a CRaC context that keeps resources weakly keeps it. */
    private final CheckpointPriming priming;

    /** Lambda's constructor: configuration from the environment, one client of each kind for the instance's life. */
    public GetTokenHandler() {
        this(Environment.system());
    }

    private GetTokenHandler(Environment env) {
        this(env, configured -> AwsClients.build(SecretsManagerClient.builder(), configured),
                configured -> AwsClients.build(KmsClient.builder(), configured), Clock.systemUTC(), true);
    }

    public GetTokenHandler(Map<String, String> env, SecretsManagerClient secrets, KmsClient kms) {
        this(new Environment(env), configured -> secrets, configured -> kms, Clock.systemUTC(), false);
    }

    public GetTokenHandler(Map<String, String> env, SecretsManagerClient secrets, KmsClient kms, Clock clock) {
        this(new Environment(env), configured -> secrets, configured -> kms, clock, false);
    }

    /**
     * With {@code primeSdk}, Lambda's constructor, reads a made-up secret and seals a made-up token
     * on offline clients first (no network), so that the first invocation finds the SDK's request
     * paths loaded.
     */
    private GetTokenHandler(Environment env, Function<Environment, SecretsManagerClient> secrets,
            Function<Environment, KmsClient> kms, Clock clock, boolean primeSdk) {
        this.skeleton = HandlerSkeleton.start("GetToken", clock);
        this.config = GetTokenConfig.from(env);
        if (primeSdk) {
            try (SecretsManagerClient offline = AwsClients.offline(SecretsManagerClient.builder(), env,
                    CredentialsSecret.PRIMING_RESPONSE)) {
                CredentialsSecret.prime(offline);
            }
            try (KmsClient offline = AwsClients.offline(KmsClient.builder(), env, TokenSeal.PRIMING_RESPONSE)) {
                TokenSeal.primeSeal(offline);
            }
        }
        var secret = new CredentialsSecret(secrets.apply(env), config.secretArn());
        this.tokens = switch (config.credentialType()) {
            case TOKEN -> new PersonalAccessTokens(secret);
            case PEM -> new AppInstallationTokens(secret, config.appId().orElseThrow(), config.organization(),
                    new GitHubClient(config.githubApiUrl(), clock), clock);
        };
        this.seal = new TokenSeal(kms.apply(env), config.kmsKeyId());
        this.priming = CheckpointPriming.register();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var log = new InvocationLog("GetToken")
                .put("organization", config.organization())
                .put("credentialType", config.credentialType().label());
        skeleton.handle(input, output, context, log, () -> GitHubRateLimit.NONE, (request, budget) -> {
            String executionArn = TokenSeal.requireExecutionArn(request.path("executionArn").asText(null));
            boolean refresh = request.path("refresh").asBoolean(false);
            boolean appJwt = request.path("appJwt").asBoolean(false);
            boolean repairs = request.path("repairs").asBoolean(false);
            log.put("refresh", refresh).put("appJwt", appJwt).put("repairs", repairs);
            String jwt = appJwt ? tokens.appJwt(budget) : null;
            GitHubToken token = tokens.token(refresh, TokenPermissions.forRun(repairs, appJwt), budget);
            ObjectNode result = JsonStreams.objectNode()
                    .put("sealedToken", seal.seal(token.value(), executionArn,
                            budget.bound(AwsClients.API_CALL_TIMEOUT, "sealing the token")));
            if (jwt != null) {
                result.put("sealedAppJwt", seal.seal(jwt, executionArn,
                        budget.bound(AwsClients.API_CALL_TIMEOUT, "sealing the App's JWT")));
            }
            result.put("credentialType", config.credentialType().label())
                    .put("expiresAt", token.expiresAt().map(Object::toString).orElse(null))
                    .put("fromCache", token.fromCache());
            log.put("fromCache", token.fromCache())
                    .put("githubRequests", token.githubRequests())
                    .put("expiresAt", token.expiresAt().map(Object::toString).orElse("none"));
            token.rateLimit().addTo(log);
            return result;
        });
    }
}
