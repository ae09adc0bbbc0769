package dev.recordmetric.gettoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.MintedToken;
import dev.recordmetric.fakes.MutableClock;
import dev.recordmetric.fakes.RecordingLambdaContext;
import dev.recordmetric.fakes.TestHttp;
import dev.recordmetric.fakes.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GetToken for the repairs: the App's JWT ({@code "appJwt": true}) and the repairs' token permissions. */
class GetTokenAppJwtTest {

    private static final String PAT = "ghp_getTokenTestPat0123456789abcdefABCD";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:github-creds-AbCdEf";
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:repair-job-ledger:run-1";
    private static final long APP_ID = 4242;
    private static final long INSTALLATION_ID = 777;

    private FakeGitHub github;
    private FakeAws aws;
    private FakeAwsClients clients;
    private String keyArn;
    private final MutableClock clock = new MutableClock(Instant.now());
    private final RecordingLambdaContext context = new RecordingLambdaContext();

    @BeforeEach
    void start() {
        github = FakeGitHub.start().clock(clock);
        aws = FakeAws.start();
        clients = new FakeAwsClients(aws.endpoint());
        keyArn = aws.createKey();
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
        github.close();
    }

    @Test
    void app_withAppJwt_returnsTheAppsJwtSealedForThisExecution_whichReadsTheAppHooksDeliveries() throws IOException {
        installApp();
        github.appHook(APP_ID, 99, "acme", INSTALLATION_ID, URI.create("http://127.0.0.1:9/unused"), new byte[] {1});

        JsonNode output = invoke(handler(appEnv()), "{\"appJwt\": true, \"repairs\": true}");

        String jwt = new TokenSeal(clients.kms(), keyArn).unseal(output.path("sealedAppJwt").asText(), EXECUTION);
        assertThat(jwt.split("\\.")).hasSize(3);
        assertThat(output.toString()).doesNotContain(jwt);
        assertThat(String.join("\n", context.logLines())).doesNotContain(jwt);
        assertThat(TestHttp.get(github.baseUrl() + "/app/hook/deliveries", "Bearer " + jwt).statusCode()).isEqualTo(200);
        assertThat(github.jwtClaims().getLast()).containsEntry("iss", Long.toString(APP_ID));
    }

    @Test
    void app_withoutAppJwt_returnsNoJwt() throws IOException {
        installApp();

        JsonNode output = invoke(handler(appEnv()), "{}");

        assertThat(output.has("sealedAppJwt")).isFalse();
        assertThat(output.path("sealedToken").asText()).isNotEmpty();
    }

    @Test
    void pat_withAppJwt_failsNamingTheProblemAndTheFix() {
        aws.putSecret(SECRET_ARN, PAT);

        assertThatThrownBy(() -> invoke(handler(patEnv()), "{\"appJwt\": true, \"repairs\": true}"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("personal access token")
                .hasMessageContaining("App's JWT")
                .hasMessageContaining("credential type pem")
                .hasMessageContaining("organization:<hook id>")
                .message().doesNotContain(PAT);
    }

    @Test
    void app_forTheRepairs_mintsWithActionsRead_andTheWebhooksPermissionOnlyForAnOrganizationHook() throws IOException {
        installApp();
        GetTokenHandler handler = handler(appEnv());

        invoke(handler, "{\"repairs\": true, \"appJwt\": true}");
        invoke(handler, "{\"repairs\": true}");

        assertThat(github.mintedTokens()).extracting(MintedToken::requestedPermissions).containsExactly(
                Map.of("actions", "read"),
                Map.of("actions", "read", "organization_hooks", "write"));
    }

    @Test
    void app_cachesOneTokenPerPermissionSet() throws IOException {
        installApp();
        GetTokenHandler handler = handler(appEnv());

        JsonNode count = invoke(handler, "{}");
        JsonNode repairs = invoke(handler, "{\"repairs\": true, \"appJwt\": true}");
        JsonNode countAgain = invoke(handler, "{}");
        JsonNode repairsAgain = invoke(handler, "{\"repairs\": true, \"appJwt\": true}");

        assertThat(github.mintedTokens()).hasSize(2);
        assertThat(count.path("fromCache").asBoolean()).isFalse();
        assertThat(repairs.path("fromCache").asBoolean()).isFalse();
        assertThat(countAgain.path("fromCache").asBoolean()).isTrue();
        assertThat(repairsAgain.path("fromCache").asBoolean()).isTrue();
        var seal = new TokenSeal(clients.kms(), keyArn);
        assertThat(seal.unseal(countAgain.path("sealedToken").asText(), EXECUTION)).isEqualTo(github.mintedTokens().get(0).token());
        assertThat(seal.unseal(repairsAgain.path("sealedToken").asText(), EXECUTION)).isEqualTo(github.mintedTokens().get(1).token());
    }

    private void installApp() {
        github.registerApp(APP_ID, "Iv23liTestClient", TestKeys.rsaKeyPair().getPublic());
        github.installApp(APP_ID, "acme", INSTALLATION_ID, Map.of("organization_self_hosted_runners", "read",
                "actions", "read", "organization_hooks", "write", "metadata", "read"));
        aws.putSecret(SECRET_ARN, TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
    }

    private GetTokenHandler handler(Map<String, String> env) {
        return new GetTokenHandler(env, clients.secretsManager(), clients.kms(), clock);
    }

    private Map<String, String> patEnv() {
        var env = new HashMap<String, String>();
        env.put("GITHUB_ORG", "acme");
        env.put("GITHUB_API_URL", github.baseUrl());
        env.put("GITHUB_CREDENTIALS_SECRET_ARN", SECRET_ARN);
        env.put("GITHUB_CREDENTIALS_TYPE", "token");
        env.put("TOKEN_KMS_KEY_ID", keyArn);
        return env;
    }

    private Map<String, String> appEnv() {
        var env = patEnv();
        env.put("GITHUB_CREDENTIALS_TYPE", "pem");
        env.put("GITHUB_APP_ID", Long.toString(APP_ID));
        return env;
    }

    /** {@code fields} (a JSON object) with this execution's ARN. */
    private JsonNode invoke(GetTokenHandler handler, String fields) throws IOException {
        var input = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(fields);
        input.put("executionArn", EXECUTION);
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)), out, context);
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
