package dev.recordmetric.gettoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.errors.AuthenticationException;
import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.errors.OrganizationNotFoundException;
import dev.recordmetric.errors.RateLimitExhaustedException;
import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.errors.TransientException;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.InstallationTokenFormat;
import dev.recordmetric.fakes.RecordingLambdaContext;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.MutableClock;
import dev.recordmetric.fakes.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetTokenHandlerTest {

    private static final String PAT = "ghp_getTokenTestPat0123456789abcdefABCD";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:github-creds-AbCdEf";
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:record-metric:run-1";
    private static final long APP_ID = 4242;
    private static final long INSTALLATION_ID = 777;

    private FakeGitHub github;
    private FakeAws aws;
    private FakeAwsClients clients;
    private String keyArn;
    private MutableClock clock;
    private final RecordingLambdaContext context = new RecordingLambdaContext();

    @BeforeEach
    void start() {
        github = FakeGitHub.start();
        aws = FakeAws.start();
        clients = new FakeAwsClients(aws.endpoint());
        keyArn = aws.createKey();
        clock = new MutableClock(Instant.now());
        github.clock(clock);
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
        github.close();
    }

    @Test
    void pat_returnsTheTokenSealedForThisExecution() throws IOException {
        aws.putSecret(SECRET_ARN, PAT + "\n");

        JsonNode output = invoke(handler(patEnv()), EXECUTION);

        assertThat(output.path("credentialType").asText()).isEqualTo("token");
        assertThat(output.path("fromCache").asBoolean()).isFalse();
        assertThat(output.path("expiresAt").isNull()).isTrue();
        assertThat(output.toString()).doesNotContain(PAT);
        assertThat(new TokenSeal(clients.kms(), keyArn).unseal(output.path("sealedToken").asText(), EXECUTION))
                .isEqualTo(PAT);
        assertThat(context.logLines()).singleElement().asString()
                .contains("\"outcome\":\"ok\"").contains("\"credentialType\":\"token\"").doesNotContain(PAT);
    }

    @Test
    void pat_sealedTokenDoesNotOpenForAnotherExecution() throws IOException {
        aws.putSecret(SECRET_ARN, PAT);
        JsonNode output = invoke(handler(patEnv()), EXECUTION);
        var seal = new TokenSeal(clients.kms(), keyArn);

        assertThatThrownBy(() -> seal.unseal(output.path("sealedToken").asText(), EXECUTION.replace("run-1", "run-2")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("not sealed for execution");
    }

    @Test
    void pat_whenSecretHoldsJson_failsNamingTheFix() {
        aws.putSecret(SECRET_ARN, "{\"token\": \"" + PAT + "\"}");

        assertThatThrownBy(() -> invoke(handler(patEnv()), EXECUTION))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("plain-text value")
                .message().doesNotContain(PAT);
    }

    @Test
    void pat_whenSecretMissing_failsWithConfiguration() {
        assertThatThrownBy(() -> invoke(handler(patEnv()), EXECUTION))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("secretsmanager:GetSecretValue");
        assertThat(context.logLines()).singleElement().asString()
                .contains("\"error\":\"dev.recordmetric.errors.InvalidConfigurationException\"");
    }

    @Test
    void pat_whenSecretsManagerThrottles_failsTransient() {
        aws.putSecret(SECRET_ARN, PAT);
        for (int i = 0; i < 4; i++) {
            aws.failNext("secretsmanager.GetSecretValue", 400, "ThrottlingException", "Rate exceeded");
        }

        assertThatThrownBy(() -> invoke(handler(patEnv()), EXECUTION)).isInstanceOf(TransientException.class);
    }

    @Test
    void app_withPkcs1Key_mintsAnInstallationTokenWithOnlyTheRunnersPermission() throws IOException {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));

        JsonNode output = invoke(handler(appEnv()), EXECUTION);

        assertThat(github.mintedTokens()).singleElement().satisfies(minted -> {
            assertThat(minted.requestedPermissions()).isEqualTo(Map.of("organization_self_hosted_runners", "read"));
            assertThat(minted.installationId()).isEqualTo(INSTALLATION_ID);
        });
        String minted = github.mintedTokens().get(0).token();
        assertThat(output.toString()).doesNotContain(minted);
        assertThat(output.path("credentialType").asText()).isEqualTo("pem");
        assertThat(Instant.parse(output.path("expiresAt").asText())).isAfter(clock.instant().plus(Duration.ofMinutes(59)));
        assertThat(new TokenSeal(clients.kms(), keyArn).unseal(output.path("sealedToken").asText(), EXECUTION))
                .isEqualTo(minted);
    }

    @Test
    void app_withPkcs8Key_signsAJwtWithGitHubsClaims() throws IOException {
        installApp(TestKeys.pkcs8Pem(TestKeys.rsaKeyPair().getPrivate()));

        invoke(handler(appEnv()), EXECUTION);

        assertThat(github.jwtClaims()).isNotEmpty().allSatisfy(claims -> {
            long iat = ((Number) claims.get("iat")).longValue();
            long exp = ((Number) claims.get("exp")).longValue();
            long now = clock.instant().getEpochSecond();
            assertThat(String.valueOf(claims.get("iss"))).isEqualTo(Long.toString(APP_ID));
            assertThat(iat).isBetween(now - 61, now - 59);
            assertThat(exp - now).isPositive().isLessThanOrEqualTo(600);
        });
    }

    @Test
    void app_onGitHubEnterpriseServer_mintsThroughTheApiV3Prefix() throws IOException {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        var env = appEnv();
        env.put("GITHUB_API_URL", github.enterpriseBaseUrl());

        invoke(handler(env), EXECUTION);

        assertThat(github.mintedTokens()).hasSize(1);
        assertThat(github.requests()).allSatisfy(request -> assertThat(request.path()).startsWith("/api/v3/"));
    }

    @Test
    void app_warmInvocation_reusesTheTokenWithoutCallingGitHub() throws IOException {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        var handler = handler(appEnv());
        invoke(handler, EXECUTION);
        github.resetRequests();
        clock.advance(Duration.ofMinutes(49));

        JsonNode second = invoke(handler, EXECUTION.replace("run-1", "run-2"));

        assertThat(second.path("fromCache").asBoolean()).isTrue();
        assertThat(github.requests()).isEmpty();
        assertThat(github.mintedTokens()).as("tokens minted since the first invocation").isEmpty();
    }

    /** GitHub's ghs_<app id>_<JWT> tokens ("Generating an installation access token for a GitHub App"). */
    @Test
    void app_withTokensOfTheAppIdJwtShape_sealsTheWholeToken_cachesIt_andNeverWritesIt() throws IOException {
        github.installationTokenFormat(InstallationTokenFormat.APP_ID_JWT);
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        var handler = handler(appEnv());

        JsonNode first = invoke(handler, EXECUTION);
        String minted = github.mintedTokens().getFirst().token();
        clock.advance(Duration.ofMinutes(49));
        JsonNode second = invoke(handler, EXECUTION.replace("run-1", "run-2"));

        assertThat(minted).startsWith("ghs_" + APP_ID + "_").hasSizeGreaterThan(400);
        var seal = new TokenSeal(clients.kms(), keyArn);
        assertThat(seal.unseal(first.path("sealedToken").asText(), EXECUTION)).isEqualTo(minted);
        assertThat(second.path("fromCache").asBoolean()).isTrue();
        assertThat(seal.unseal(second.path("sealedToken").asText(), EXECUTION.replace("run-1", "run-2"))).isEqualTo(minted);
        assertThat(github.mintedTokens()).hasSize(1);
        assertNeverWritten(minted, first.toString(), second.toString(), String.join("\n", context.logLines()));
    }

    @Test
    void pat_whenTheSecretHoldsATokenLongerThan255Characters_sealsItWhole() throws IOException {
        String longToken = InstallationTokenFormat.APP_ID_JWT.mint(APP_ID, INSTALLATION_ID, clock.instant().plus(Duration.ofHours(1)));
        aws.putSecret(SECRET_ARN, longToken);

        JsonNode output = invoke(handler(patEnv()), EXECUTION);

        assertThat(longToken).hasSizeGreaterThan(255);
        assertThat(new TokenSeal(clients.kms(), keyArn).unseal(output.path("sealedToken").asText(), EXECUTION)).isEqualTo(longToken);
        assertNeverWritten(longToken, output.toString(), String.join("\n", context.logLines()));
    }

    /** Neither the token nor its JWT's claims or signature (the header is the same in every token) in {@code places}. */
    private static void assertNeverWritten(String token, String... places) {
        String[] jwt = token.substring(("ghs_" + APP_ID + "_").length()).split("\\.");
        assertThat(jwt).hasSize(3);
        assertThat(places).allSatisfy(place -> assertThat(place).doesNotContain(token).doesNotContain(jwt[1]).doesNotContain(jwt[2]));
    }

    @Test
    void app_whenTokenHasLessThanTenMinutesLeft_mintsANewOne() throws IOException {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        var handler = handler(appEnv());
        invoke(handler, EXECUTION);
        clock.advance(Duration.ofMinutes(51));

        JsonNode second = invoke(handler, EXECUTION.replace("run-1", "run-2"));

        assertThat(second.path("fromCache").asBoolean()).isFalse();
        assertThat(github.mintedTokens()).hasSize(2);
    }

    @Test
    void app_whenKeyIsNotTheApps_failsAuthenticationNamingGetApp() {
        installApp(TestKeys.pkcs1Pem(TestKeys.newRsaKeyPair().getPrivate()), TestKeys.rsaKeyPair());

        assertThatThrownBy(() -> invoke(handler(appEnv()), EXECUTION)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("GET /app (").hasMessageNotContaining("installation on");
    }

    @Test
    void app_whenConnectionResetOnGetApp_failsTransient() {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        github.faults().nextOn("/app", Fault.connectionReset());

        assertThatThrownBy(() -> invoke(handler(appEnv()), EXECUTION)).isInstanceOf(TransientException.class)
                .hasMessageContaining("GET /app");
    }

    @Test
    void app_whenTokenCreationIsCutShort_failsTransient() {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        github.faults().nextOn("/app/installations/" + INSTALLATION_ID + "/access_tokens", Fault.connectionReset());

        assertThatThrownBy(() -> invoke(handler(appEnv()), EXECUTION)).isInstanceOf(TransientException.class)
                .hasMessageContaining("access_tokens");
    }

    @Test
    void app_whenKeyHasFewerThan2048Bits_failsConfigurationSayingSo() throws Exception {
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        var weak = generator.generateKeyPair();
        installApp(TestKeys.pkcs1Pem(weak.getPrivate()), weak);

        assertThatThrownBy(() -> invoke(handler(appEnv()), EXECUTION)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("1024-bit").hasMessageContaining("2048");
        assertThat(github.requests()).isEmpty();
    }

    @Test
    void app_whenGetAppStalls_failsTransientWithinTheTimeLeft() {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        github.faults().nextOn("/app", Fault.slowResponse(Duration.ofSeconds(6)));
        var shortContext = new RecordingLambdaContext("get-token", 2_500);

        assertThatThrownBy(() -> invokeRaw(handler(appEnv()), "{\"executionArn\": \"" + EXECUTION + "\"}", shortContext))
                .isInstanceOf(TransientException.class).hasMessageContaining("GET /app");
        assertThat(github.mintedTokens()).isEmpty();
    }

    @Test
    void pat_whenSecretsManagerStallsLongerThanTheTimeLeft_failsTransientWithinIt() {
        // Given Secrets Manager and KMS answering only after 6 s, and 2.5 s left of the invocation
        aws.putSecret(SECRET_ARN, PAT);
        aws.latency(Duration.ofSeconds(6));
        var shortContext = new RecordingLambdaContext("get-token", 2_500);

        // Then the SDK call is cut off by the time left (it would succeed after 6 s otherwise)
        assertThatThrownBy(() -> invokeRaw(handler(patEnv()), "{\"executionArn\": \"" + EXECUTION + "\"}", shortContext))
                .isInstanceOf(TransientException.class).hasMessageContaining("No answer from AWS while reading secret");
    }

    @Test
    void app_refresh_mintsANewTokenWhateverTheCacheHolds() throws IOException {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        GetTokenHandler handler = handler(appEnv());
        invoke(handler, EXECUTION);

        JsonNode refreshed = invokeRaw(handler, "{\"executionArn\": \"" + EXECUTION + "\", \"refresh\": true}");

        assertThat(refreshed.path("fromCache").asBoolean()).isFalse();
        assertThat(github.mintedTokens()).hasSize(2);
    }

    @Test
    void app_whenRateLimitedAndTheWaitFitsTheRun_returnsTheWaitInsteadOfFailing() throws IOException {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        github.faults().nextOn("/app", Fault.secondaryRateLimit(429, Duration.ofSeconds(2)));

        JsonNode output = invokeRaw(handler(appEnv()), "{\"executionArn\": \"" + EXECUTION + "\", \"budget\": "
                + "{\"executionStartTime\": \"" + clock.instant() + "\", \"attemptSeconds\": 8, \"endBySecond\": 21,"
                + " \"rateLimitWaits\": 0}}");

        assertThat(output.has("sealedToken")).isFalse();
        assertThat(output.path("rateLimit").path("waitSeconds").asInt()).isBetween(1, 2);
        assertThat(output.path("rateLimit").path("error").asText()).isEqualTo(RateLimitedException.class.getName());
        assertThat(context.logLines()).last().asString().contains("\"outcome\":\"rateLimited\"");
    }

    @Test
    void app_whenRateLimited_theWarmInstanceSendsNoRequestBeforeGitHubAllowsIt() {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        github.faults().nextOn("/app", Fault.primaryRateLimit(Duration.ofMinutes(30)));
        GetTokenHandler handler = handler(appEnv());
        assertThatThrownBy(() -> invoke(handler, EXECUTION)).isInstanceOf(RateLimitExhaustedException.class);
        int sent = github.requests().size();

        assertThatThrownBy(() -> invoke(handler, EXECUTION.replace("run-1", "run-2")))
                .isInstanceOf(RateLimitExhaustedException.class).hasMessageContaining("sends no request");
        assertThat(github.requests()).hasSize(sent);
    }

    @Test
    void app_whenNotInstalledOnTheOrganization_failsNotFound() {
        github.registerApp(APP_ID, "Iv23liTestClient", TestKeys.rsaKeyPair().getPublic());
        aws.putSecret(SECRET_ARN, TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));

        assertThatThrownBy(() -> invoke(handler(appEnv()), EXECUTION))
                .isInstanceOf(OrganizationNotFoundException.class)
                .hasMessageContaining("installed");
    }

    @Test
    void app_whenSecondaryRateLimited_failsRateLimitedAtOnce() {
        installApp(TestKeys.pkcs1Pem(TestKeys.rsaKeyPair().getPrivate()));
        github.faults().next(Fault.secondaryRateLimit(403, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> invoke(handler(appEnv()), EXECUTION)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void app_whenSecretIsNotAPem_failsNamingTheFix() {
        installApp("not a key at all");

        assertThatThrownBy(() -> invoke(handler(appEnv()), EXECUTION))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("does not hold a PEM private key");
    }

    @Test
    void app_whenPemIsDamaged_failsWithoutEchoingIt() {
        String damaged = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
                + "-----END RSA PRIVATE KEY-----";
        installApp(damaged);

        assertThatThrownBy(() -> invoke(handler(appEnv()), EXECUTION))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("damaged RSA private key")
                .message().doesNotContain("MIIBOgIBAAJBAKj34");
    }

    @Test
    void config_whenPemWithoutAppId_failsAtStartNamingTheVariable() {
        var env = appEnv();
        env.remove("GITHUB_APP_ID");

        assertThatThrownBy(() -> handler(env)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("GITHUB_APP_ID");
    }

    @Test
    void config_whenCredentialTypeUnknown_failsAtStartNamingTheVariable() {
        var env = patEnv();
        env.put("GITHUB_CREDENTIALS_TYPE", "password");

        assertThatThrownBy(() -> handler(env)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("GITHUB_CREDENTIALS_TYPE");
    }

    @Test
    void input_withoutExecutionArn_failsNamingTheFix() {
        aws.putSecret(SECRET_ARN, PAT);

        assertThatThrownBy(() -> invokeRaw(handler(patEnv()), "{}"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("$$.Execution.Id");
    }

    @Test
    void input_whenNotAJsonObject_failsNamingTheProblemAndTheFix() {
        aws.putSecret(SECRET_ARN, PAT);
        var handler = handler(patEnv());

        for (String input : new String[] {"[\"" + EXECUTION + "\"]", "\"" + EXECUTION + "\"", "42", "null", "", "not json"}) {
            assertThatThrownBy(() -> invokeRaw(handler, input)).as(input)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("GetToken's input is").hasMessageContaining("invoke it with a JSON object")
                    .message().doesNotContain(EXECUTION);
        }
        assertThat(context.logLines()).hasSize(6)
                .allSatisfy(line -> assertThat(line).contains("\"outcome\":\"failed\"").contains("InvalidConfigurationException"));
    }

    @Test
    void firstInvocation_fiveMinutesAfterTheConstructor_hasTheWholeAttempt() throws IOException {
        // Given an instance initialised 5 minutes before its first invocation (SnapStart runs the
        // constructor when the version is published; on demand, Lambda may initialise ahead)
        aws.putSecret(SECRET_ARN, PAT);
        var handler = handler(patEnv());
        clock.advance(Duration.ofMinutes(5));

        // When the state machine invokes it with an 8 s attempt
        JsonNode output = invokeRaw(handler, inRun(EXECUTION));

        // Then the attempt is timed from the invocation, not the constructor
        assertThat(new TokenSeal(clients.kms(), keyArn).unseal(output.path("sealedToken").asText(), EXECUTION)).isEqualTo(PAT);
        assertThat(context.logLines()).singleElement().asString().contains("\"outcome\":\"ok\"");
    }

    @Test
    void firstInvocation_secondsAfterTheConstructor_countsTheInitAgainstTheAttempt() {
        // Given an invocation that waited 7.5 s for the instance's init (its constructor)
        aws.putSecret(SECRET_ARN, PAT);
        var handler = handler(patEnv());
        clock.advance(Duration.ofMillis(7_500));

        // Then its 8 s attempt has no time left for the work (Step Functions counted the init)
        assertThatThrownBy(() -> invokeRaw(handler, inRun(EXECUTION))).isInstanceOf(TransientException.class)
                .hasMessageContaining("No time left");
    }

    /** The input the state machine gives GetToken: its execution and the task's budget, starting now. */
    private String inRun(String executionArn) {
        return "{\"executionArn\": \"" + executionArn + "\", \"budget\": {\"executionStartTime\": \"" + clock.instant()
                + "\", \"attemptSeconds\": 8, \"endBySecond\": 21, \"rateLimitWaits\": 0}}";
    }

    private void installApp(String secretValue) {
        installApp(secretValue, TestKeys.rsaKeyPair());
    }

    private void installApp(String secretValue, java.security.KeyPair registered) {
        github.registerApp(APP_ID, "Iv23liTestClient", registered.getPublic());
        github.installApp(APP_ID, "acme", INSTALLATION_ID);
        aws.putSecret(SECRET_ARN, secretValue);
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

    private JsonNode invoke(GetTokenHandler handler, String executionArn) throws IOException {
        return invokeRaw(handler, "{\"executionArn\": \"" + executionArn + "\"}");
    }

    private JsonNode invokeRaw(GetTokenHandler handler, String input) throws IOException {
        return invokeRaw(handler, input, context);
    }

    private JsonNode invokeRaw(GetTokenHandler handler, String input, RecordingLambdaContext invocation) throws IOException {
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, invocation);
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
