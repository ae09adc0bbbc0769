package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.LoopbackFake;
import dev.recordmetric.fakes.RecordedRequest;
import dev.recordmetric.fakes.Reply;
import dev.recordmetric.fakes.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code record-metric doctor} against the fake GitHub's good and broken set-ups, and the Auto Scaling fake. */
class DoctorCommandTest {

    private static final String PAT = "ghp_doctorTestPat0123456789abcdefABCDEF";
    private static final long APP_ID = 31337;

    @TempDir Path dir;
    private FakeGitHub github;

    @BeforeAll
    static void awsCredentials() {
        System.setProperty("aws.accessKeyId", "AKIDDOCTORTEST");
        System.setProperty("aws.secretAccessKey", "doctor-test-secret");
        System.setProperty("aws.region", "eu-west-1");
    }

    @BeforeEach
    void start() {
        github = FakeGitHub.start();
        github.organization("acme")
                .addRunner(FakeRunner.busy(1, "ci-1", "self-hosted", "installation_id:abc"))
                .addRunner(FakeRunner.idle(2, "ci-2", "self-hosted", "installation_id:abc"))
                .addRunner(FakeRunner.offline(3, "ci-3", "self-hosted", "installation_id:abc"))
                .addRunner(FakeRunner.idle(4, "ci-4", "self-hosted", "Installation_ID:ABC"))
                .addRunner(FakeRunner.idle(5, "old-1", "self-hosted", "installation_id:old"));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private Cli.Result doctor(Map<String, String> env, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("doctor", "--org", "acme", "--installation-id", "abc",
                "--github-api-url", github.baseUrl()));
        args.addAll(List.of(extra));
        return Cli.run(env, args.toArray(String[]::new));
    }

    @Test
    void doctor_goodPat_isReady_andCountsLikeListRunners() {
        github.acceptToken(PAT, "admin:org");

        Cli.Result result = doctor(Map.of("GITHUB_TOKEN", PAT));

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains(
                "✓ GitHub API", "✓ credentials", "classic personal access token, accepted by GitHub",
                "✓ organization        acme", "✓ list runners        5 runners in the organization (1 page); token scopes: admin:org",
                "✓ labelled runners    4 carry installation_id:abc: 1 online busy, 2 online idle, 1 offline",
                "would publish BusyRunners=1 IdleRunners=2",
                "! near-miss labels    installation_id:old on 1 runner: not counted",
                "i label case          Installation_ID:ABC on 1 runner: differs only in case; counted",
                "✓ rate limit", "of 5000 requests left", "ready: the deployed workflow would work");
        assertThat(result.out() + result.err()).doesNotContain(PAT);
    }

    @Test
    void doctor_goodApp_findsInstallationAndMintsTokenWithTheRunnersPermission() throws IOException {
        KeyPair keys = TestKeys.rsaKeyPair();
        github.registerApp(APP_ID, "Iv23liDoctorTest", keys.getPublic()).installApp(APP_ID, "acme", 99);
        Path pem = dir.resolve("app.pem");
        Files.writeString(pem, TestKeys.pkcs1Pem(keys.getPrivate()));

        Cli.Result result = doctor(Map.of(), "--app-id", Long.toString(APP_ID), "--pem-file", pem.toString(), "--json");

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(result.out());
        assertThat(report.path("ready").asBoolean()).isTrue();
        assertThat(report.path("checks").findValuesAsText("check")).contains("credentials", "list runners", "labelled runners", "rate limit");
        assertThat(report.path("checks").get(1).path("detail").asText())
                .contains("GitHub App 31337", "installation on acme found", "organization_self_hosted_runners: read");
        assertThat(github.mintedTokens()).isNotEmpty();
        assertThat(result.out()).doesNotContain(github.mintedTokens().getFirst().token()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void doctor_badToken_failsOnCredentials() {
        Cli.Result result = doctor(Map.of("GITHUB_TOKEN", "ghp_revokedRevokedRevokedRevoked0123456"));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("✗ credentials", "classic personal access token refused", "HTTP 401", "Bad credentials",
                "not ready: 1 check failed").doesNotContain("ghp_revoked");
    }

    @Test
    void doctor_tokenWithoutRunnersPermission_namesTheMissingPermission() {
        github.acceptToken(PAT, "repo", "read:org");

        Cli.Result result = doctor(Map.of("GITHUB_TOKEN", PAT));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("✓ credentials", "✗ list runners", "HTTP 403", "admin:org", "organization_self_hosted_runners");
    }

    @Test
    void doctor_noLabelledRunners_pointsAtTheNearMissLabel() {
        github.acceptToken(PAT, "admin:org");
        github.organization("acme").setRunners(List.of(
                FakeRunner.busy(1, "ci-1", "installation_id:prod"), FakeRunner.idle(2, "ci-2", "installation_id:prod"),
                FakeRunner.idle(3, "ci-3", "installation-id:abc")));

        Cli.Result result = doctor(Map.of("GITHUB_TOKEN", PAT));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("✗ labelled runners    none of the 3 runners carries installation_id:abc",
                "metrics would show 0", "installation-id:abc on 1 runner", "installation_id:prod on 2 runners");
    }

    @Test
    void doctor_appNotInstalled_failsOnCredentialsWithTheReason() throws IOException {
        KeyPair keys = TestKeys.rsaKeyPair();
        github.registerApp(APP_ID, "Iv23liDoctorTest", keys.getPublic());
        Path pem = dir.resolve("app.pem");
        Files.writeString(pem, TestKeys.pkcs1Pem(keys.getPrivate()));

        Cli.Result result = doctor(Map.of(), "--app-id", Long.toString(APP_ID), "--pem-file", pem.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("✗ credentials", "OrganizationNotFoundException", "is the App installed on the organization?");
    }

    @Test
    void doctor_autoScalingGroup_capacityAndGroupMetrics() {
        github.acceptToken(PAT, "admin:org");
        try (FakeAutoScaling autoscaling = new FakeAutoScaling()) {
            autoscaling.add(new FakeAutoScaling.Group("ci-runners", 0, 10, 3, List.of("InService", "InService", "Pending"),
                    List.of("GroupInServiceInstances", "GroupDesiredCapacity")));
            autoscaling.add(new FakeAutoScaling.Group("no-metrics", 1, 4, 1, List.of("InService"), List.of()));
            String endpoint = autoscaling.endpoint().toString();
            Map<String, String> env = Map.of("GITHUB_TOKEN", PAT);

            Cli.Result good = doctor(env, "--asg-name", "ci-runners", "--aws-endpoint-url", endpoint);
            Cli.Result noMetrics = doctor(env, "--asg-name", "no-metrics", "--aws-endpoint-url", endpoint);
            Cli.Result missing = doctor(env, "--asg-name", "typo", "--aws-endpoint-url", endpoint);

            assertThat(good.exit()).as(good.out()).isZero();
            assertThat(good.out()).contains("✓ Auto Scaling group  ci-runners: desired 3, in service 2 (min 0, max 10)",
                    "✓ group metrics       GroupInServiceInstances enabled");
            assertThat(noMetrics.exit()).isZero();
            assertThat(noMetrics.out()).contains("! group metrics       GroupInServiceInstances not enabled");
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.out()).contains("✗ Auto Scaling group  no group named typo");
        }
    }

    @Test
    void doctor_runnerLabelWithControlCharacters_isPrintedEscaped() {
        // Given a runner whose label carries a terminal escape sequence
        github.acceptToken(PAT, "admin:org");
        github.organization("acme").addRunner(FakeRunner.idle(6, "ci-6", "self-hosted", "installation_id:x\u001b]0;owned\u0007"));

        // When
        Cli.Result result = doctor(Map.of("GITHUB_TOKEN", PAT));

        // Then the near-miss label is shown, escaped
        assertThat(result.out()).contains("installation_id:x\\x1B]0;owned\\x07 on 1 runner").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void doctor_linkToAnotherHost_isRefused_andTheTokenNeverSentThere() {
        // Given a GitHub whose runner listing links its next page to another host
        try (RecordingServer elsewhere = new RecordingServer(null);
                RecordingServer gitHub = new RecordingServer(elsewhere.endpoint() + "/orgs/acme/actions/runners?per_page=100&page=2")) {

            // When
            Cli.Result result = Cli.run(Map.of("GITHUB_TOKEN", PAT), "doctor", "--org", "acme", "--installation-id", "abc",
                    "--github-api-url", gitHub.endpoint().toString());

            // Then the listing fails with the same rule as ListRunners, and the other host saw nothing
            assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(1);
            assertThat(result.out()).contains("✗ list runners", "refusing to send the token there");
            assertThat(elsewhere.requests).isEmpty();
            assertThat(gitHub.requests).contains("GET /orgs/acme/actions/runners?per_page=100&page=1");
        }
    }

    /** Answers the few requests doctor makes with a PAT; the runner list's Link header points at {@code nextPage}. */
    private static final class RecordingServer extends LoopbackFake {
        final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final String nextPage;

        RecordingServer(String nextPage) {
            this.nextPage = nextPage;
        }

        @Override
        protected Reply handle(RecordedRequest request) {
            String path = request.path() + (request.query().isEmpty() ? "" : "?" + request.query());
            requests.add(request.method() + " " + path);
            if (path.startsWith("/rate_limit")) {
                return Reply.of(200, "application/json", "{\"resources\":{\"core\":{\"limit\":5000,\"remaining\":5000,\"reset\":0}}}");
            }
            if (path.equals("/orgs/acme")) {
                return Reply.of(200, "application/json", "{\"login\":\"acme\",\"id\":1}");
            }
            if (path.startsWith("/orgs/acme/actions/runners") && nextPage != null) {
                return Reply.of(200, "application/json", "{\"total_count\":200,\"runners\":[]}")
                        .withHeader("Link", "<" + nextPage + ">; rel=\"next\"");
            }
            return Reply.of(404, "application/json", "{\"message\":\"Not Found\"}");
        }
    }
}
