package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's webhooks: job transitions delivered signed over HTTP, a seeded fraction dropped and
 * recorded failed, the deliveries listed newest first with cursor pagination, and redelivered.
 */
class FakeHookTest {

    private static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private static final String OWNER_PAT = "ghp_hookadmin";
    private static final String RUNNERS_PAT = "ghp_runnersonly";
    private static final String HOOKS_READ = "github_pat_hooksread";
    private static final long HOOK_ID = 12345;
    private static final long APP_ID = 4242;
    private static final long INSTALLATION_ID = 777;
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private final KeyPair keys = TestKeys.rsaKeyPair();
    private FakeGitHub github;
    private RecordingReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new RecordingReceiver();
        github = FakeGitHub.start().clock(new MutableClock(NOW))
                .acceptToken(OWNER_PAT, "admin:org_hook")
                .acceptToken(RUNNERS_PAT, "admin:org")
                .acceptFineGrainedToken(HOOKS_READ, "acme", Map.of("organization_hooks", "read"))
                .registerApp(APP_ID, "Iv23liFake", keys.getPublic())
                .installApp(APP_ID, "acme", INSTALLATION_ID);
    }

    @AfterEach
    void stop() {
        github.close();
        receiver.close();
    }

    @Test
    void transitions_areDeliveredSignedWithGitHubsHeaders() throws Exception {
        FakeHook hook = github.organizationHook("acme", HOOK_ID, receiver.url(), SECRET);

        FakeJob job = github.jobs().queue("acme/web", List.of("self-hosted", "linux"));
        github.jobs().start(job.id(), 5, "r5", 1, "Default");
        github.jobs().complete(job.id(), "success");
        github.jobs().queue("other/repo", List.of("self-hosted"));

        List<RecordingReceiver.Received> received = receiver.received();
        assertThat(received).hasSize(3);
        assertThat(received).extracting(r -> Json.MAPPER.readTree(r.body()).get("action").asText())
                .containsExactly("queued", "in_progress", "completed");
        RecordingReceiver.Received first = received.getFirst();
        assertThat(first.header("X-GitHub-Event")).isEqualTo("workflow_job");
        assertThat(first.header("X-GitHub-Hook-ID")).isEqualTo(Long.toString(HOOK_ID));
        assertThat(first.header("Content-Type")).isEqualTo("application/json");
        assertThat(first.header("X-GitHub-Delivery")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(first.header("X-Hub-Signature-256")).isEqualTo("sha256=" + hmacSha256(first.body()));
        JsonNode payload = Json.MAPPER.readTree(first.body());
        assertThat(payload.get("workflow_job").get("id").asLong()).isEqualTo(job.id());
        assertThat(payload.get("workflow_job").get("status").asText()).isEqualTo("queued");
        assertThat(payload.get("repository").get("full_name").asText()).isEqualTo("acme/web");
        assertThat(payload.get("organization").get("login").asText()).isEqualTo("acme");
        assertThat(payload.has("installation")).as("an organization hook's payload has no installation").isFalse();
        assertThat(hook.deliveries()).hasSize(3).allMatch(HookDelivery::succeeded);
    }

    @Test
    void appHook_deliveriesCarryTheInstallation() throws Exception {
        github.appHook(APP_ID, 99, "acme", INSTALLATION_ID, receiver.url(), SECRET);

        github.jobs().queue("acme/web", List.of("self-hosted"));

        JsonNode payload = Json.MAPPER.readTree(receiver.received().getFirst().body());
        assertThat(payload.get("installation").get("id").asLong()).isEqualTo(INSTALLATION_ID);
        assertThat(receiver.received().getFirst().header("X-GitHub-Hook-Installation-Target-Type")).isEqualTo("integration");
    }

    @Test
    void dropping_recordsTheDroppedAsFailedAndDoesNotSendThem() {
        FakeHook hook = github.organizationHook("acme", HOOK_ID, receiver.url(), SECRET).dropping(0.3, 7);

        for (int i = 0; i < 200; i++) {
            github.jobs().queue("acme/web", List.of("self-hosted"));
        }

        long failed = hook.deliveries().stream().filter(delivery -> !delivery.succeeded()).count();
        assertThat(hook.dropped()).isEqualTo(failed).isBetween(40L, 80L);
        assertThat(receiver.received()).hasSize(200 - (int) failed);
        assertThat(hook.deliveries()).filteredOn(delivery -> !delivery.succeeded())
                .allMatch(delivery -> !delivery.status().equals("OK"))
                .allMatch(delivery -> delivery.statusCode() == 0 || delivery.statusCode() == 503);
    }

    @Test
    void dropping_withTheSameSeed_dropsTheSameDeliveries() {
        List<Boolean> firstRun = outcomes(11);
        List<Boolean> secondRun = outcomes(11);

        assertThat(firstRun).isEqualTo(secondRun).contains(true, false);
    }

    private List<Boolean> outcomes(long seed) {
        try (FakeGitHub other = FakeGitHub.start()) {
            FakeHook hook = other.organizationHook("acme", 1, receiver.url(), SECRET).dropping(0.5, seed);
            for (int i = 0; i < 20; i++) {
                other.jobs().queue("acme/web", List.of("x"));
            }
            return hook.deliveries().reversed().stream().map(HookDelivery::succeeded).toList();
        }
    }

    @Test
    void receiverAnswering500_isRecordedFailed() {
        FakeHook hook = github.organizationHook("acme", HOOK_ID, receiver.url(), SECRET);
        receiver.answer(500);

        github.jobs().queue("acme/web", List.of("self-hosted"));

        assertThat(hook.deliveries().getFirst().statusCode()).isEqualTo(500);
        assertThat(hook.deliveries().getFirst().status()).isEqualTo("Invalid HTTP Response: 500");
    }

    @Test
    void listDeliveries_newestFirst_byCursorPages_eachOnce() throws Exception {
        FakeHook hook = github.organizationHook("acme", HOOK_ID, receiver.url(), SECRET);
        for (int i = 0; i < 25; i++) {
            github.jobs().queue("acme/web", List.of("self-hosted"));
        }

        List<Long> listed = new ArrayList<>();
        String url = github.baseUrl() + "/orgs/acme/hooks/" + HOOK_ID + "/deliveries?per_page=10";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> page = TestHttp.get(url, "Bearer " + OWNER_PAT);
            assertThat(page.statusCode()).isEqualTo(200);
            Json.MAPPER.readTree(page.body()).forEach(delivery -> listed.add(delivery.get("id").asLong()));
            url = page.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1)).orElse(null);
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(listed).hasSize(25).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(listed).isEqualTo(hook.deliveries().stream().map(HookDelivery::id).toList());
    }

    @Test
    void listDeliveries_rendersGitHubsFields() throws Exception {
        github.organizationHook("acme", HOOK_ID, receiver.url(), SECRET);
        FakeJob job = github.jobs().queue("acme/web", List.of("self-hosted"));

        JsonNode delivery = Json.MAPPER.readTree(TestHttp.get(github.baseUrl() + "/orgs/acme/hooks/" + HOOK_ID + "/deliveries",
                "Bearer " + OWNER_PAT).body()).get(0);

        assertThat(delivery.get("guid").asText()).isEqualTo(receiver.received().getFirst().header("X-GitHub-Delivery"));
        assertThat(delivery.get("delivered_at").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(delivery.get("redelivery").asBoolean()).isFalse();
        assertThat(delivery.get("status").asText()).isEqualTo("OK");
        assertThat(delivery.get("status_code").asInt()).isEqualTo(200);
        assertThat(delivery.get("event").asText()).isEqualTo("workflow_job");
        assertThat(delivery.get("action").asText()).isEqualTo("queued");
        assertThat(delivery.get("repository_id").asLong()).isEqualTo(job.repositoryId());
        assertThat(delivery.get("installation_id").isNull()).isTrue();
        assertThat(delivery.has("duration")).isTrue();
        assertThat(delivery.get("throttled_at").isNull()).isTrue();
    }

    @Test
    void orgHookDeliveries_needAdminOrgHookOrTheWebhooksPermission() {
        github.organizationHook("acme", HOOK_ID, receiver.url(), SECRET);
        github.jobs().queue("acme/web", List.of("self-hosted"));
        String list = github.baseUrl() + "/orgs/acme/hooks/" + HOOK_ID + "/deliveries";
        long id = readFirstId();
        String attempts = list + "/" + id + "/attempts";

        HttpResponse<String> noScope = TestHttp.get(list, "Bearer " + RUNNERS_PAT);
        assertThat(noScope.statusCode()).isEqualTo(404);
        assertThat(noScope.headers().firstValue("X-Accepted-OAuth-Scopes")).hasValue("admin:org_hook");
        assertThat(TestHttp.get(list, "Bearer " + HOOKS_READ).statusCode()).isEqualTo(200);
        HttpResponse<String> readOnly = TestHttp.post(attempts, "Bearer " + HOOKS_READ, "");
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(readOnly.headers().firstValue("X-Accepted-GitHub-Permissions")).hasValue("organization_hooks=write");
        assertThat(TestHttp.get(github.baseUrl() + "/orgs/acme/hooks/1/deliveries", "Bearer " + OWNER_PAT).statusCode())
                .isEqualTo(404);
    }

    private long readFirstId() {
        try {
            return Json.MAPPER.readTree(TestHttp.get(github.baseUrl() + "/orgs/acme/hooks/" + HOOK_ID + "/deliveries",
                    "Bearer " + OWNER_PAT).body()).get(0).get("id").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void redeliver_answers202AndSendsTheSameBodyUnderTheSameGuid() {
        FakeHook hook = github.organizationHook("acme", HOOK_ID, receiver.url(), SECRET);
        receiver.answer(503);
        github.jobs().queue("acme/web", List.of("self-hosted"));
        HookDelivery failed = hook.deliveries().getFirst();
        receiver.answer(200);

        HttpResponse<String> response = TestHttp.post(github.baseUrl() + "/orgs/acme/hooks/" + HOOK_ID + "/deliveries/"
                + failed.id() + "/attempts", "Bearer " + OWNER_PAT, "");

        assertThat(response.statusCode()).isEqualTo(202);
        HookDelivery redelivered = hook.deliveries().getFirst();
        assertThat(redelivered.id()).isGreaterThan(failed.id());
        assertThat(redelivered.redelivery()).isTrue();
        assertThat(redelivered.guid()).isEqualTo(failed.guid());
        assertThat(redelivered.succeeded()).isTrue();
        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).header("X-GitHub-Delivery")).isEqualTo(failed.guid());
        assertThat(receiver.received().get(1).body()).isEqualTo(receiver.received().get(0).body());
        assertThat(TestHttp.post(github.baseUrl() + "/orgs/acme/hooks/" + HOOK_ID + "/deliveries/1/attempts",
                "Bearer " + OWNER_PAT, "").statusCode()).isEqualTo(404);
    }

    @Test
    void appHookDeliveries_needTheAppsJwt() throws Exception {
        FakeHook hook = github.appHook(APP_ID, 99, "acme", INSTALLATION_ID, receiver.url(), SECRET).dropping(1.0, 1);
        github.jobs().queue("acme/web", List.of("self-hosted"));
        String jwt = AppJwts.valid(keys.getPrivate(), APP_ID, NOW);
        String installationToken = github.mintInstallationToken(INSTALLATION_ID);

        HttpResponse<String> listed = TestHttp.get(github.baseUrl() + "/app/hook/deliveries", "Bearer " + jwt);
        HttpResponse<String> withToken = TestHttp.get(github.baseUrl() + "/app/hook/deliveries", "Bearer " + installationToken);
        long id = Json.MAPPER.readTree(listed.body()).get(0).get("id").asLong();
        hook.dropping(0, 1);
        HttpResponse<String> redelivered = TestHttp.post(github.baseUrl() + "/app/hook/deliveries/" + id + "/attempts",
                "Bearer " + jwt, "");

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(listed.body()).get(0).get("installation_id").asLong()).isEqualTo(INSTALLATION_ID);
        assertThat(withToken.statusCode()).isEqualTo(401);
        assertThat(redelivered.statusCode()).isEqualTo(202);
        assertThat(receiver.received()).hasSize(1);
    }

    private static String hmacSha256(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
