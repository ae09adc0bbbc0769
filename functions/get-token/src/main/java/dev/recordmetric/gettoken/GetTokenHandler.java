package dev.recordmetric.gettoken;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * GetToken: reads the GitHub credentials from Secrets Manager, obtains a token (a personal access
 * token, or a GitHub App installation token cached across warm invocations) and returns it sealed
 * with KMS for this execution. Input {@code {"executionArn": ...}}; output
 * {@code {"sealedToken", "credentialType", "expiresAt", "fromCache"}}.
 */
public final class GetTokenHandler implements RequestStreamHandler {

    private final GetTokenConfig config;
    private final TokenSource tokens;
    private final TokenSeal seal;
    /** Held so that a CRaC context that keeps resources weakly keeps it. */
    private final CheckpointPriming priming;

    /** Lambda's constructor: configuration from the environment, one client of each kind for the instance's life. */
    public GetTokenHandler() {
        this(Environment.system());
    }

    private GetTokenHandler(Environment env) {
        this(env, AwsClients.buildInBackground(SecretsManagerClient.builder(), env), Clock.systemUTC());
    }

    /** One other thread builds both clients, one after the other, while this one primes their first calls. */
    private GetTokenHandler(Environment env, CompletableFuture<SecretsManagerClient> secrets, Clock clock) {
        this(env, secrets, secrets.thenApply(built -> AwsClients.build(KmsClient.builder(), env)), clock, true);
    }

    public GetTokenHandler(Map<String, String> env, SecretsManagerClient secrets, KmsClient kms) {
        this(new Environment(env), CompletableFuture.completedFuture(secrets), CompletableFuture.completedFuture(kms),
                Clock.systemUTC(), false);
    }

    public GetTokenHandler(Map<String, String> env, SecretsManagerClient secrets, KmsClient kms, Clock clock) {
        this(new Environment(env), CompletableFuture.completedFuture(secrets), CompletableFuture.completedFuture(kms),
                clock, false);
    }

    /**
     * With {@code primeSdk}, Lambda's constructor, the clients are still being built on other
     * threads: meanwhile this one reads a made-up secret and seals a made-up token on offline clients
     * (no network), so that the first invocation finds the SDK's request paths loaded.
     */
    private GetTokenHandler(Environment env, CompletableFuture<SecretsManagerClient> secrets,
            CompletableFuture<KmsClient> kms, Clock clock, boolean primeSdk) {
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
        var secret = new CredentialsSecret(AwsClients.join(secrets), config.secretArn());
        this.tokens = switch (config.credentialType()) {
            case TOKEN -> new PersonalAccessTokens(secret);
            case PEM -> new AppInstallationTokens(secret, config.appId().orElseThrow(), config.organization(),
                    config.githubApiUrl(), clock);
        };
        this.seal = new TokenSeal(AwsClients.join(kms), config.kmsKeyId());
        this.priming = CheckpointPriming.register();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var log = new InvocationLog("GetToken")
                .put("organization", config.organization())
                .put("credentialType", config.credentialType().label());
        try {
            String executionArn = TokenSeal.requireExecutionArn(executionArn(input));
            GitHubToken token = tokens.token();
            ObjectNode result = JsonStreams.objectNode()
                    .put("sealedToken", seal.seal(token.value(), executionArn))
                    .put("credentialType", config.credentialType().label())
                    .put("expiresAt", token.expiresAt().map(Object::toString).orElse(null))
                    .put("fromCache", token.fromCache());
            JsonStreams.write(result, output);
            log.put("fromCache", token.fromCache())
                    .put("githubRequests", token.githubRequests())
                    .put("expiresAt", token.expiresAt().map(Object::toString).orElse("none"))
                    .succeeded(context.getLogger());
        } catch (RuntimeException e) {
            log.failed(context.getLogger(), e);
            throw e;
        }
    }

    private static String executionArn(InputStream input) {
        try {
            JsonNode node = JsonStreams.readTree(input);
            return node == null ? null : node.path("executionArn").asText(null);
        } catch (IOException e) {
            throw new InvalidConfigurationException("GetToken's input is not JSON: the state machine passes"
                    + " {\"executionArn.$\": \"$$.Execution.Id\"}.", e);
        }
    }
}
