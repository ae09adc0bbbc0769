package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the fake GitHub reports of its webhooks: the organization's hooks and the App's hook configuration. */
class FakeGitHubHookSettingsTest {

    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final URI RECEIVER = URI.create("http://127.0.0.1:9/receiver");
    private static final long APP_ID = 4242;
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private final KeyPair keys = TestKeys.rsaKeyPair();
    private FakeGitHub github;

    @BeforeEach
    void start() {
        github = FakeGitHub.start().clock(new MutableClock(NOW))
                .acceptToken("ghp_hookadmin", "admin:org_hook")
                .acceptToken("ghp_runnersonly", "admin:org")
                .acceptFineGrainedToken("github_pat_hooksread", "acme", Map.of("organization_hooks", "read"))
                .acceptFineGrainedToken("github_pat_runners", "acme", Map.of("organization_self_hosted_runners", "read"))
                .registerApp(APP_ID, "Iv23liFake", keys.getPublic())
                .installApp(APP_ID, "acme", 777);
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void organizationHooks_listedWithTheirSettings_theSecretMasked() throws Exception {
        FakeHook ours = github.organizationHook("acme", 11, RECEIVER, SECRET);
        FakeHook other = github.organizationHook("acme", 12, URI.create("http://127.0.0.1:9/chat"), SECRET);
        github.hookSettings(other).events("push", "pull_request").contentType("form").secretSet(false).active(false);
        github.organizationHook("other-org", 13, RECEIVER, SECRET);

        HttpResponse<String> listing = TestHttp.get(github.baseUrl() + "/orgs/acme/hooks", "Bearer ghp_hookadmin");

        assertThat(listing.statusCode()).isEqualTo(200);
        JsonNode hooks = Json.MAPPER.readTree(listing.body());
        assertThat(hooks).hasSize(2);
        assertThat(hooks.get(0).path("id").asLong()).isEqualTo(ours.hookId());
        assertThat(hooks.get(0).path("active").asBoolean()).isTrue();
        assertThat(hooks.get(0).path("events").toString()).isEqualTo("[\"workflow_job\"]");
        assertThat(hooks.get(0).path("config").toString())
                .isEqualTo("{\"content_type\":\"json\",\"insecure_ssl\":\"0\",\"url\":\"" + RECEIVER + "\",\"secret\":\"********\"}");
        assertThat(hooks.get(1).path("active").asBoolean()).isFalse();
        assertThat(hooks.get(1).path("config").path("content_type").asText()).isEqualTo("form");
        assertThat(hooks.get(1).path("config").has("secret")).isFalse();
        assertThat(listing.body()).doesNotContain("s3cret");

        HttpResponse<String> one = TestHttp.get(github.baseUrl() + "/orgs/acme/hooks/12", "Bearer github_pat_hooksread");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(one.body()).path("events").toString()).isEqualTo("[\"push\",\"pull_request\"]");
        assertThat(TestHttp.get(github.baseUrl() + "/orgs/acme/hooks/13", "Bearer ghp_hookadmin").statusCode()).isEqualTo(404);
    }

    @Test
    void organizationHooks_withoutThePermission_areRefusedAsGitHubRefuses() {
        github.organizationHook("acme", 11, RECEIVER, SECRET);

        HttpResponse<String> classic = TestHttp.get(github.baseUrl() + "/orgs/acme/hooks", "Bearer ghp_runnersonly");
        HttpResponse<String> fineGrained = TestHttp.get(github.baseUrl() + "/orgs/acme/hooks", "Bearer github_pat_runners");
        HttpResponse<String> anonymous = TestHttp.get(github.baseUrl() + "/orgs/acme/hooks", null);

        assertThat(classic.statusCode()).isEqualTo(404);
        assertThat(classic.headers().firstValue("X-Accepted-OAuth-Scopes")).hasValue("admin:org_hook");
        assertThat(fineGrained.statusCode()).isEqualTo(403);
        assertThat(fineGrained.headers().firstValue("X-Accepted-GitHub-Permissions")).hasValue("organization_hooks=read");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void organizationHooks_arePaged() throws Exception {
        for (long id = 1; id <= 3; id++) {
            github.organizationHook("acme", id, RECEIVER, SECRET);
        }
        HttpResponse<String> first = TestHttp.get(github.baseUrl() + "/orgs/acme/hooks?per_page=2", "Bearer ghp_hookadmin");
        assertThat(Json.MAPPER.readTree(first.body())).hasSize(2);
        String next = first.headers().firstValue("Link").orElseThrow();
        assertThat(next).contains("page=2").contains("rel=\"next\"");
        HttpResponse<String> second = TestHttp.get(next.substring(1, next.indexOf('>')), "Bearer ghp_hookadmin");
        assertThat(Json.MAPPER.readTree(second.body())).hasSize(1);
        assertThat(second.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void appHookConfig_andTheAppsEvents_withTheAppsJwt() throws Exception {
        String jwt = "Bearer " + AppJwts.valid(keys.getPrivate(), APP_ID, NOW);
        assertThat(TestHttp.get(github.baseUrl() + "/app/hook/config", jwt).statusCode()).as("no hook yet").isEqualTo(404);

        FakeHook hook = github.appHook(APP_ID, 21, "acme", 777, RECEIVER, SECRET);
        github.hookSettings(hook).insecureSsl("1");

        HttpResponse<String> config = TestHttp.get(github.baseUrl() + "/app/hook/config", jwt);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).isEqualTo("{\"content_type\":\"json\",\"insecure_ssl\":\"1\",\"url\":\"" + RECEIVER
                + "\",\"secret\":\"********\"}");
        assertThat(Json.MAPPER.readTree(TestHttp.get(github.baseUrl() + "/app", jwt).body()).path("events").toString())
                .isEqualTo("[\"workflow_job\"]");
        assertThat(TestHttp.get(github.baseUrl() + "/app/hook/config", "Bearer ghp_hookadmin").statusCode()).isEqualTo(401);
    }
}
