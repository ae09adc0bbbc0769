package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.errors.TokenRejectedException;
import dev.recordmetric.errors.TransientException;
import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.InstallationTokenFormat;
import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.Fault;
import dev.recordmetric.fakes.MutableClock;
import dev.recordmetric.fakes.RecordingLambdaContext;
import dev.recordmetric.fakes.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListRunnersHandlerTest {

    private static final String PAT = "ghp_listRunnersHandlerPat0123456789abcd";
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:record-metric:run-1";

    private FakeGitHub github;
    private FakeAws aws;
    private FakeAwsClients clients;
    private String keyArn;
    private final RecordingLambdaContext context = new RecordingLambdaContext();

    @BeforeEach
    void start() {
        github = FakeGitHub.start().acceptToken(PAT, "admin:org");
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
    void handle_unsealsTheTokenAndReportsRunnersByState() throws IOException {
        github.organization("acme").setRunners(List.of(
                FakeRunner.busy(1, "r-busy", "installation_id:abc"),
                FakeRunner.idle(2, "r-idle", "installation_id:ABC"),
                FakeRunner.offline(3, "r-off", "installation_id:abc"),
                FakeRunner.idle(4, "r-other", "installation_id:abcd")));
        Instant before = Instant.now().minusSeconds(1);

        JsonNode output = invoke(sealed(PAT, EXECUTION), EXECUTION);

        assertThat(output.path("pools").get(0).path("busy").path("names").toString()).isEqualTo("[\"r-busy\"]");
        assertThat(output.path("pools").get(0).path("idle").path("names").toString()).isEqualTo("[\"r-idle\"]");
        assertThat(output.path("offline").path("count").asInt()).isEqualTo(1);
        assertThat(output.path("label").asText()).isEqualTo("installation_id:abc");
        assertThat(output.path("runnersSeen").asInt()).isEqualTo(4);
        assertThat(output.path("observedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Instant.parse(output.path("observedAt").asText())).isAfter(before);
        assertThat(output.toString()).doesNotContain(PAT);
        assertThat(context.logLines()).singleElement().asString()
                .contains("\"busy\":1").contains("\"idle\":1").contains("\"offline\":1").contains("\"rateLimitRemaining\"")
                .doesNotContain(PAT);
    }

    /** GitHub's ghs_<app id>_<JWT> installation tokens ("Generating an installation access token for a GitHub App"). */
    @Test
    void handle_withAnInstallationTokenOfTheAppIdJwtShape_listsWithTheWholeToken_andNeverWritesIt() throws IOException {
        github.registerApp(4242, "Iv23liTestClient", TestKeys.rsaKeyPair().getPublic()).installApp(4242, "acme", 777)
                .installationTokenFormat(InstallationTokenFormat.APP_ID_JWT);
        String token = github.mintInstallationToken(777);
        github.organization("acme").setRunners(List.of(FakeRunner.busy(1, "r-busy", "installation_id:abc")));

        JsonNode output = invoke(sealed(token, EXECUTION), EXECUTION);

        assertThat(token).startsWith("ghs_4242_").hasSizeGreaterThan(400);
        assertThat(output.path("busy").path("count").asInt()).isEqualTo(1);
        assertThat(github.requests()).isNotEmpty().allSatisfy(request ->
                assertThat(request.header("Authorization")).hasValueSatisfying(value -> assertThat(value).endsWith(" " + token)));
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat(List.of(output.toString(), String.join("\n", context.logLines())))
                .allSatisfy(place -> assertThat(place).doesNotContain(token).doesNotContain(signature));
    }

    @Test
    void handle_with10000Runners_staysFarBelowTheStatePayloadLimit() throws IOException {
        github.organization("acme").setRunners(FakeRunners.generate(10_000, "abc"));

        var out = new ByteArrayOutputStream();
        invokeInto(out, sealed(PAT, EXECUTION), EXECUTION);
        JsonNode output = Json.MAPPER.readTree(out.toByteArray());

        assertThat(out.size()).isLessThan(256 * 1024);
        assertThat(output.path("busy").path("count").asInt() + output.path("idle").path("count").asInt()
                + output.path("offline").path("count").asInt()).isEqualTo(10_000);
        assertThat(output.path("pages").asInt()).isEqualTo(100);
    }

    @Test
    void handle_whenTokenWasSealedForAnotherExecution_refusesIt() {
        String other = EXECUTION.replace("run-1", "run-0");

        assertThatThrownBy(() -> invoke(sealed(PAT, other), EXECUTION))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("not sealed for execution");
        assertThat(github.requests()).isEmpty();
    }

    @Test
    void handle_whenSealedTokenMissing_failsNamingTheFix() {
        assertThatThrownBy(() -> invokeRaw("{\"executionArn\": \"" + EXECUTION + "\"}"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sealedToken");
    }

    @Test
    void handle_whenGitHubRejectsTheToken_failsTokenRejectedWithoutTheToken() {
        String revoked = "ghp_revokedToken0123456789abcdefghijklmn";

        assertThatThrownBy(() -> invoke(sealed(revoked, EXECUTION), EXECUTION))
                .isInstanceOf(TokenRejectedException.class)
                .message().doesNotContain(revoked);
        assertThat(context.logLines()).singleElement().asString()
                .contains("dev.recordmetric.errors.TokenRejectedException").doesNotContain(revoked);
    }

    @Test
    void handle_whenTheRefreshedTokenIsRejectedToo_saysWhatToCheck() {
        String revoked = "ghp_revokedToken0123456789abcdefghijklmn";
        String input = Json.MAPPER.createObjectNode().put("sealedToken", sealed(revoked, EXECUTION))
                .put("executionArn", EXECUTION).put("tokenRefreshed", true).toString();

        assertThatThrownBy(() -> invokeRaw(input)).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("again").hasMessageContaining("suspended").hasMessageContaining("secret");
    }

    @Test
    void handle_whenGitHubStallsLongerThanTheTimeLeft_failsTransientInsideTheInvocation() {
        github.organization("acme").setRunners(FakeRunners.generate(3, "abc"));
        github.faults().next(Fault.slowResponse(Duration.ofSeconds(6)));
        var shortContext = new RecordingLambdaContext("list-runners", 2_500);
        String input = Json.MAPPER.createObjectNode().put("sealedToken", sealed(PAT, EXECUTION))
                .put("executionArn", EXECUTION).toString();

        assertThatThrownBy(() -> new ListRunnersHandler(env(), clients.kms())
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                        shortContext))
                .isInstanceOf(TransientException.class).hasMessageContaining("SocketTimeoutException");
    }

    /**
     * Issue 18: connect and read timeouts bound each step, not the request. A body that trickles in
     * small pieces 60 ms apart never trips the read timeout; the page must still end at the deadline.
     */
    @Test
    void handle_whenGitHubTricklesTheBodyPastTheTimeLeft_failsTransientBeforeLambdasDeadline() {
        // Given a page whose body takes 6 s to arrive, and 2.5 s left of the invocation
        github.organization("acme").setRunners(FakeRunners.generate(3, "abc"));
        github.faults().next(Fault.trickledBody(Duration.ofSeconds(6)));
        String input = Json.MAPPER.createObjectNode().put("sealedToken", sealed(PAT, EXECUTION))
                .put("executionArn", EXECUTION).toString();
        var shortContext = new RecordingLambdaContext("list-runners", 2_500);

        // When / Then the page is cut off at the time left, a named error the state machine retries
        assertThatThrownBy(() -> new ListRunnersHandler(env(), clients.kms())
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                        shortContext))
                .isInstanceOf(TransientException.class).hasMessageContaining("listing the self-hosted runners");
        assertThat(shortContext.getRemainingTimeInMillis()).as("ended before Lambda's deadline").isPositive();
    }

    @Test
    void handle_whenKmsStallsLongerThanTheTimeLeft_failsTransientInsideTheInvocation_withoutAskingGitHub() {
        // Given a KMS that answers only after 6 s, and 2.5 s left of the invocation
        github.organization("acme").setRunners(FakeRunners.generate(3, "abc"));
        String input = Json.MAPPER.createObjectNode().put("sealedToken", sealed(PAT, EXECUTION))
                .put("executionArn", EXECUTION).toString();
        aws.latency(Duration.ofSeconds(6));
        var shortContext = new RecordingLambdaContext("list-runners", 2_500);

        // Then the SDK call is cut off by the time left (it would succeed after 6 s otherwise)
        assertThatThrownBy(() -> new ListRunnersHandler(env(), clients.kms())
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                        shortContext))
                .isInstanceOf(TransientException.class).hasMessageContaining("No answer from AWS");
        assertThat(github.requests()).isEmpty();
    }

    @Test
    void handle_whenGitHubsWaitFitsTheRun_returnsTheWaitAndTheBudgetHeaders() throws IOException {
        github.organization("acme").setRunners(FakeRunners.generate(3, "abc"));
        github.faults().next(Fault.secondaryRateLimit(429, Duration.ofSeconds(2)));
        String input = Json.MAPPER.createObjectNode().put("sealedToken", sealed(PAT, EXECUTION))
                .put("executionArn", EXECUTION)
                .set("budget", Json.MAPPER.createObjectNode().put("executionStartTime", Instant.now().toString())
                        .put("attemptSeconds", 9).put("endBySecond", 51).put("rateLimitWaits", 0)).toString();

        JsonNode output = invokeRaw(input);

        assertThat(output.path("rateLimit").path("waitSeconds").asInt()).isBetween(1, 2);
        assertThat(output.path("rateLimit").path("rateLimitWaits").asInt()).isEqualTo(1);
        assertThat(output.path("rateLimitRemaining").isInt()).isTrue();
        assertThat(output.path("rateLimitResource").asText()).isEqualTo("core");
        assertThat(output.has("busy")).isFalse();
        assertThat(context.logLines()).singleElement().asString().contains("\"outcome\":\"rateLimited\"")
                .contains("\"waitSeconds\"").contains("\"rateLimitLimit\":5000");
    }

    @Test
    void handle_withRunnerPools_countsEveryPoolFromOneListingAndWritesTheDatapoints() throws IOException {
        github.organization("acme").setRunners(List.of(
                FakeRunner.busy(1, "s-busy", "installation_id:small"),
                FakeRunner.idle(2, "l-idle", "installation_id:large"),
                FakeRunner.offline(3, "l-off", "installation_id:large"),
                FakeRunner.idle(4, "other", "installation_id:abc")));
        var env = env();
        env.remove("RUNNER_INSTALLATION_ID");
        env.put("RUNNER_POOLS", "{\"small-runners\":\"small\",\"large-runners\":\"large\"}");
        String input = Json.MAPPER.createObjectNode().put("sealedToken", sealed(PAT, EXECUTION)).put("executionArn", EXECUTION)
                .put("stateMachineName", "record-metric-acme").toString();

        var out = new ByteArrayOutputStream();
        new ListRunnersHandler(env, clients.kms())
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, context);
        JsonNode output = Json.MAPPER.readTree(out.toByteArray());

        assertThat(output.path("pools")).extracting(p -> p.path("asgName").asText() + " " + p.path("busy").path("count").asInt()
                + "/" + p.path("idle").path("count").asInt() + "/" + p.path("offline").path("count").asInt())
                .containsExactly("small-runners 1/0/0", "large-runners 0/1/1");
        assertThat(output.path("metricData")).extracting(d -> d.path("MetricName").asText() + " "
                + d.path("Dimensions").get(0).path("Value").asText() + " " + d.path("Value").asInt()).containsExactly(
                "BusyRunners small-runners 1", "IdleRunners small-runners 0", "OfflineRunners small-runners 0",
                "RunnerCountUncertainty small-runners 0",
                "BusyRunners large-runners 0", "IdleRunners large-runners 1", "OfflineRunners large-runners 1",
                "RunnerCountUncertainty large-runners 0",
                "GitHubApiRemaining record-metric-acme " + output.path("rateLimitRemaining").asInt(),
                "GitHubApiLimit record-metric-acme 5000");
        assertThat(github.requestCount("/orgs/acme/actions/runners")).isEqualTo(1);
        assertThat(context.logLines()).singleElement().asString().contains("\"pools\":2").contains("\"uncertainty\":0")
                .contains("\"secondPass\":false")
                .contains("\"labels\":\"installation_id:small,installation_id:large\"");
    }

    @Test
    void handle_onGitHubEnterpriseServerWithoutRateLimits_publishesNoApiBudget() throws IOException {
        github.organization("acme").setRunners(FakeRunners.generate(3, "abc"));
        github.rateLimitHeaders(false);
        var env = env();
        env.remove("RUNNER_INSTALLATION_ID");
        env.put("RUNNER_POOLS", "{\"ci\":\"abc\"}");
        String input = Json.MAPPER.createObjectNode().put("sealedToken", sealed(PAT, EXECUTION)).put("executionArn", EXECUTION)
                .put("stateMachineName", "record-metric-ci").toString();

        var out = new ByteArrayOutputStream();
        new ListRunnersHandler(env, clients.kms())
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, context);
        JsonNode output = Json.MAPPER.readTree(out.toByteArray());

        assertThat(output.path("metricData")).as("the pool's three counts and their uncertainty").hasSize(4)
                .noneSatisfy(d -> assertThat(d.path("MetricName").asText()).startsWith("GitHubApi"));
        assertThat(output.has("rateLimitRemaining")).isFalse();
    }

    @Test
    void handle_withRunnerGroupId_listsOnlyThatGroup() throws IOException {
        var org = github.organization("acme").setRunners(FakeRunners.generate(120, "abc"));
        org.addRunnerGroup(3, "gpu").moveToGroup(3, 1001, 1002, 1003);
        var env = env();
        env.put("RUNNER_GROUP_ID", "3");

        var out = new ByteArrayOutputStream();
        String input = Json.MAPPER.createObjectNode().put("sealedToken", sealed(PAT, EXECUTION)).put("executionArn", EXECUTION)
                .toString();
        new ListRunnersHandler(env, clients.kms())
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, context);
        JsonNode output = Json.MAPPER.readTree(out.toByteArray());

        assertThat(output.path("runnersSeen").asInt()).isEqualTo(3);
        assertThat(output.path("runnerGroupId").asLong()).isEqualTo(3);
        assertThat(github.requestCount("/orgs/acme/actions/runner-groups/3/runners")).isEqualTo(1);
        assertThat(github.requestCount("/orgs/acme/actions/runners")).isZero();
    }

    @Test
    void config_whenInstallationIdMissing_failsAtStartNamingTheVariable() {
        var env = env();
        env.remove("RUNNER_INSTALLATION_ID");

        assertThatThrownBy(() -> new ListRunnersHandler(env, clients.kms()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("RUNNER_INSTALLATION_ID");
    }

    @Test
    void input_whenNotAJsonObject_failsNamingTheProblemAndTheFix() {
        var handler = new ListRunnersHandler(env(), clients.kms());

        for (String input : new String[] {"[\"" + EXECUTION + "\"]", "\"" + EXECUTION + "\"", "42", "null", "", "not json"}) {
            assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), context)).as(input)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("ListRunners' input is").hasMessageContaining("invoke it with a JSON object")
                    .message().doesNotContain(EXECUTION);
        }
        assertThat(context.logLines()).hasSize(6)
                .allSatisfy(line -> assertThat(line).contains("\"outcome\":\"failed\"").contains("InvalidConfigurationException"));
        assertThat(github.requests()).isEmpty();
    }

    @Test
    void firstInvocation_fiveMinutesAfterTheConstructor_hasTheWholeAttempt() throws IOException {
        // Given an instance initialised 5 minutes before its first invocation (SnapStart runs the
        // constructor when the version is published; on demand, Lambda may initialise ahead)
        github.organization("acme").setRunners(FakeRunners.generate(3, "abc"));
        var clock = new MutableClock(Instant.now());
        var handler = new ListRunnersHandler(env(), clients.kms(), clock, 10);
        clock.advance(Duration.ofMinutes(5));

        // When the state machine invokes it with a 9 s attempt
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(inRun(clock).getBytes(StandardCharsets.UTF_8)), out, context);

        // Then the attempt is timed from the invocation, not the constructor
        JsonNode output = Json.MAPPER.readTree(out.toByteArray());
        assertThat(output.path("busy").path("count").asInt() + output.path("idle").path("count").asInt()
                + output.path("offline").path("count").asInt()).isEqualTo(3);
        assertThat(context.logLines()).singleElement().asString().contains("\"outcome\":\"ok\"");
    }

    @Test
    void firstInvocation_secondsAfterTheConstructor_countsTheInitAgainstTheAttempt() {
        // Given an invocation that waited 8.5 s for the instance's init (its constructor)
        github.organization("acme").setRunners(FakeRunners.generate(3, "abc"));
        var clock = new MutableClock(Instant.now());
        var handler = new ListRunnersHandler(env(), clients.kms(), clock, 10);
        clock.advance(Duration.ofMillis(8_500));

        // Then its 9 s attempt has no time left for the work (Step Functions counted the init)
        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(inRun(clock).getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), context)).isInstanceOf(TransientException.class).hasMessageContaining("No time left");
        assertThat(github.requests()).isEmpty();
    }

    /** The input the state machine gives ListRunners: the sealed token, its execution and the task's budget, starting now. */
    private String inRun(Clock clock) {
        return Json.MAPPER.createObjectNode().put("sealedToken", sealed(PAT, EXECUTION)).put("executionArn", EXECUTION)
                .set("budget", Json.MAPPER.createObjectNode().put("executionStartTime", clock.instant().toString())
                        .put("attemptSeconds", 9).put("endBySecond", 51).put("rateLimitWaits", 0)).toString();
    }

    private String sealed(String token, String executionArn) {
        return new TokenSeal(clients.kms(), keyArn).seal(token, executionArn);
    }

    private Map<String, String> env() {
        var env = new HashMap<String, String>();
        env.put("GITHUB_ORG", "acme");
        env.put("GITHUB_API_URL", github.baseUrl());
        env.put("RUNNER_INSTALLATION_ID", "abc");
        env.put("TOKEN_KMS_KEY_ID", keyArn);
        return env;
    }

    private JsonNode invoke(String sealedToken, String executionArn) throws IOException {
        var out = new ByteArrayOutputStream();
        invokeInto(out, sealedToken, executionArn);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    private void invokeInto(ByteArrayOutputStream out, String sealedToken, String executionArn) throws IOException {
        String input = Json.MAPPER.createObjectNode().put("sealedToken", sealedToken).put("executionArn", executionArn)
                .toString();
        new ListRunnersHandler(env(), clients.kms(), Clock.systemUTC(), 10)
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, context);
    }

    private JsonNode invokeRaw(String input) throws IOException {
        var out = new ByteArrayOutputStream();
        new ListRunnersHandler(env(), clients.kms())
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, context);
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
