package dev.recordmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeHook;
import dev.recordmetric.fakes.FakeJob;
import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.LoopbackFake;
import dev.recordmetric.fakes.RecordedRequest;
import dev.recordmetric.fakes.Reply;
import dev.recordmetric.fakes.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code record-metric doctor --webhook-url}: the webhook feeding the job ledger, on the fake GitHub's hooks. */
class DoctorWebhookTest {

    private static final String PAT = "ghp_doctorWebhookPat0123456789abcdefAB";
    private static final byte[] SECRET = "webhook-secret".getBytes(StandardCharsets.UTF_8);
    private static final long APP_ID = 31337;
    private static final long INSTALLATION_ID = 99;

    @TempDir Path dir;
    private FakeGitHub github;
    private Receiver receiver;

    /** Answers every delivery with one status. */
    private static final class Receiver extends LoopbackFake {
        volatile int status = 200;
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        protected Reply handle(RecordedRequest request) {
            events.add(request.header("X-GitHub-Event").orElse(""));
            return Reply.json(status, "{}");
        }
    }

    @BeforeEach
    void start() {
        receiver = new Receiver();
        github = FakeGitHub.start();
        github.organization("acme").addRunner(FakeRunner.idle(1, "ci-1", "self-hosted", "installation_id:abc"));
    }

    @AfterEach
    void stop() {
        github.close();
        receiver.close();
    }

    private URI url() {
        return receiver.endpoint().resolve("/webhook");
    }

    /** A job queued, started and completed: three workflow_job deliveries to every hook of acme. */
    private void runOneJob() {
        FakeJob job = github.jobs().queue("acme/app", List.of("self-hosted", "installation_id:abc"));
        github.jobs().start(job.id(), 1, "ci-1", 1, "Default");
        github.jobs().complete(job.id(), "success");
    }

    private Cli.Result doctor(Map<String, String> env, String... extra) {
        List<String> args = new ArrayList<>(List.of("doctor", "--org", "acme", "--installation-id", "abc", "--github-api-url",
                github.baseUrl(), "--webhook-url", url().toString()));
        args.addAll(List.of(extra));
        return Cli.run(env, args.toArray(String[]::new));
    }

    @Test
    void organizationHook_rightlySetUp_andDelivered_isReady() {
        github.acceptToken(PAT, "admin:org", "admin:org_hook");
        github.organizationHook("acme", 12, URI.create("http://127.0.0.1:9/chat"), SECRET);
        github.organizationHook("acme", 11, url(), SECRET);
        runOneJob();

        Cli.Result result = doctor(Map.of("GITHUB_TOKEN", PAT));

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains(
                "✓ webhook             organization webhook 11 sends to " + url() + ", active",
                "✓ webhook events      workflow_job",
                "✓ webhook config      content type json, secret set, SSL verified",
                "✓ webhook deliveries  3 recent deliveries, 3 succeeded, 0 failed",
                "ready");
        assertThat(receiver.events).containsExactly("workflow_job", "workflow_job", "workflow_job");
        assertThat(result.out()).doesNotContain(PAT);
    }

    @Test
    void tokenWithoutTheHookScope_namesTheScope() {
        github.acceptToken(PAT, "admin:org");
        github.organizationHook("acme", 11, url(), SECRET);

        Cli.Result result = doctor(Map.of("GITHUB_TOKEN", PAT));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("✗ webhook             GitHub answered HTTP 404 to GET /orgs/acme/hooks",
                "a classic token needs the admin:org_hook scope", "GitHub accepts the scope admin:org_hook", "not ready");
    }

    @Test
    void noHookToTheUrl_listsWhereTheHooksSend() {
        github.acceptToken(PAT, "admin:org", "admin:org_hook");
        github.organizationHook("acme", 12, URI.create("http://127.0.0.1:9/chat"), SECRET);

        Cli.Result result = doctor(Map.of("GITHUB_TOKEN", PAT));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("✗ webhook             no webhook of organization acme sends to " + url(),
                "its webhooks: 12 → http://127.0.0.1:9/chat", "Content type application/json");
    }

    @Test
    void misconfiguredHook_failsOnEachSetting() {
        github.acceptToken(PAT, "admin:org", "admin:org_hook");
        FakeHook hook = github.organizationHook("acme", 11, url(), SECRET);
        github.hookSettings(hook).active(false).events("push").contentType("form").secretSet(false);

        Cli.Result result = doctor(Map.of("GITHUB_TOKEN", PAT), "--webhook", "organization:11");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("✗ webhook             organization webhook 11 sends to " + url() + "; it is not active",
                "✗ webhook events      workflow_job is not among its events [push]",
                "✗ webhook config      content type is form", "it has no secret",
                "! webhook deliveries  none yet");
    }

    @Test
    void deliveriesRefusedByTheReceiver_failWithTheCause() {
        github.acceptToken(PAT, "admin:org", "admin:org_hook");
        github.organizationHook("acme", 11, url(), SECRET);
        receiver.status = 401;
        runOneJob();

        Cli.Result result = doctor(Map.of("GITHUB_TOKEN", PAT));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("✗ webhook deliveries  3 recent deliveries, 0 succeeded, 3 failed; the newest",
                "workflow_job) failed: HTTP 401", "the webhook's secret differs from the one in the webhook_secret secret");
    }

    @Test
    void appHook_withTheAppsJwt_warnsOfDroppedDeliveriesNotYetRedelivered() throws IOException {
        KeyPair keys = TestKeys.rsaKeyPair();
        github.registerApp(APP_ID, "Iv23liDoctorHook", keys.getPublic()).installApp(APP_ID, "acme", INSTALLATION_ID);
        FakeHook hook = github.appHook(APP_ID, 21, "acme", INSTALLATION_ID, url(), SECRET);
        hook.dropping(1.0, 7);
        FakeJob dropped = github.jobs().queue("acme/app", List.of("self-hosted"));
        hook.dropping(0.0, 7);
        github.jobs().start(dropped.id(), 1, "ci-1", 1, "Default");
        Path pem = dir.resolve("app.pem");
        Files.writeString(pem, TestKeys.pkcs1Pem(keys.getPrivate()));

        Cli.Result result = doctor(Map.of(), "--app-id", Long.toString(APP_ID), "--pem-file", pem.toString());

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("✓ webhook             the App's webhook sends to " + url(),
                "✓ webhook events      workflow_job", "✓ webhook config      content type json, secret set",
                "! webhook deliveries  2 recent deliveries, 1 succeeded, 1 failed; 1 not redelivered successfully yet");
        assertThat(github.jwtClaims()).isNotEmpty();
    }

    @Test
    void appWithoutTheWebhooksPermission_forTheOrganizationHook_namesThePermission() throws IOException {
        KeyPair keys = TestKeys.rsaKeyPair();
        github.registerApp(APP_ID, "Iv23liDoctorHook", keys.getPublic()).installApp(APP_ID, "acme", INSTALLATION_ID,
                Map.of(FakeGitHub.RUNNERS_PERMISSION, "read", "actions", "read", "metadata", "read"));
        github.organizationHook("acme", 11, url(), SECRET);
        Path pem = dir.resolve("app.pem");
        Files.writeString(pem, TestKeys.pkcs1Pem(keys.getPrivate()));

        Cli.Result result = doctor(Map.of(), "--app-id", Long.toString(APP_ID), "--pem-file", pem.toString(), "--webhook", "organization");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("✗ webhook", "organization_hooks");
    }

    @Test
    void badWebhookOptions_areNamed() {
        github.acceptToken(PAT, "admin:org", "admin:org_hook");

        Cli.Result app = doctor(Map.of("GITHUB_TOKEN", PAT), "--webhook", "app");
        Cli.Result typo = doctor(Map.of("GITHUB_TOKEN", PAT), "--webhook", "org");

        assertThat(app.exit()).isNotZero();
        assertThat(app.err()).contains("--webhook app reads the App's webhook with the App's JSON web token");
        assertThat(typo.err()).contains("--webhook org is not organization, organization:<hook id> or app");
    }
}
