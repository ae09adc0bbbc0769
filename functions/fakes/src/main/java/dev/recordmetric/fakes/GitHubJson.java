package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;

/** Renders the fake GitHub's answers in GitHub's JSON shapes. */
final class GitHubJson {

    static final String DOCS = "https://docs.github.com/rest";
    static final String RUNNERS_DOCS = DOCS + "/actions/self-hosted-runners#list-self-hosted-runners-for-an-organization";
    static final String CREATED_AT = "2026-01-05T10:00:00Z";

    private static final Set<String> READ_ONLY_LABELS = Set.of("self-hosted", "linux", "windows", "macos", "x64", "arm", "arm64");

    private GitHubJson() {
    }

    static Reply error(int status, String message, String documentationUrl) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("message", message)
                .put("documentation_url", documentationUrl)
                .put("status", Integer.toString(status));
        return Reply.json(status, body.toString());
    }

    static Reply runnersPage(int totalCount, List<FakeRunner> runners, ToLongFunction<String> labelIds) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("total_count", totalCount);
        ArrayNode array = body.putArray("runners");
        for (FakeRunner runner : runners) {
            ObjectNode node = array.addObject()
                    .put("id", runner.id())
                    .put("name", runner.name())
                    .put("os", runner.os())
                    .put("status", runner.status())
                    .put("busy", runner.busy());
            ArrayNode labels = node.putArray("labels");
            for (String label : runner.labels()) {
                labels.addObject()
                        .put("id", labelIds.applyAsLong(label))
                        .put("name", label)
                        .put("type", READ_ONLY_LABELS.contains(label.toLowerCase(Locale.ROOT)) ? "read-only" : "custom");
            }
        }
        return Reply.json(200, body.toString());
    }

    static ObjectNode organization(FakeOrganization org, String baseUrl) {
        return Json.MAPPER.createObjectNode()
                .put("login", org.login())
                .put("id", org.id())
                .put("node_id", "O_fake" + org.id())
                .put("url", baseUrl + "/orgs/" + org.login())
                .put("repos_url", baseUrl + "/orgs/" + org.login() + "/repos")
                .put("description", "")
                .put("html_url", "https://github.com/" + org.login())
                .put("type", "Organization")
                .put("created_at", CREATED_AT)
                .put("updated_at", CREATED_AT);
    }

    static ObjectNode app(AppJwtVerifier.App app, String ownerLogin, int installationsCount) {
        String slug = "app-" + app.appId();
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("id", app.appId())
                .put("client_id", app.clientId())
                .put("slug", slug)
                .put("node_id", "A_fake" + app.appId())
                .put("name", "Fake App " + app.appId())
                .put("description", "")
                .put("external_url", "https://example.invalid/" + slug)
                .put("html_url", "https://github.com/apps/" + slug)
                .put("created_at", CREATED_AT)
                .put("updated_at", CREATED_AT)
                .put("installations_count", installationsCount);
        node.putObject("owner").put("login", ownerLogin).put("type", "Organization");
        node.putObject("permissions").put("organization_self_hosted_runners", "read").put("metadata", "read");
        node.putArray("events");
        return node;
    }

    static ObjectNode installation(FakeGitHub.Installation installation, long accountId, String baseUrl) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("id", installation.id());
        node.putObject("account")
                .put("login", installation.organization())
                .put("id", accountId)
                .put("type", "Organization");
        node.put("repository_selection", "all")
                .put("access_tokens_url", baseUrl + "/app/installations/" + installation.id() + "/access_tokens")
                .put("repositories_url", baseUrl + "/installation/repositories")
                .put("html_url", "https://github.com/organizations/" + installation.organization() + "/settings/installations/" + installation.id())
                .put("app_id", installation.appId())
                .put("app_slug", "app-" + installation.appId())
                .put("target_id", accountId)
                .put("target_type", "Organization");
        ObjectNode permissions = node.putObject("permissions");
        installation.permissions().forEach(permissions::put);
        node.putArray("events");
        node.put("created_at", CREATED_AT).put("updated_at", CREATED_AT);
        node.putNull("single_file_name");
        node.putNull("suspended_at");
        return node;
    }

    static ObjectNode accessToken(MintedToken token) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("token", token.token())
                .put("expires_at", token.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode permissions = node.putObject("permissions");
        token.grantedPermissions().forEach(permissions::put);
        node.put("repository_selection", "all");
        return node;
    }

    static Reply rateLimit(RateLimit.Snapshot core, Instant now) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode resources = body.putObject("resources");
        resources.set("core", bucket(core.limit(), core.used(), core.resetEpochSeconds()));
        long nextMinute = now.getEpochSecond() + 60;
        resources.set("search", bucket(30, 0, nextMinute));
        resources.set("graphql", bucket(5000, 0, now.getEpochSecond() + 3600));
        resources.set("code_search", bucket(10, 0, nextMinute));
        body.set("rate", bucket(core.limit(), core.used(), core.resetEpochSeconds()));
        return Reply.json(200, body.toString());
    }

    private static ObjectNode bucket(int limit, int used, long reset) {
        return Json.MAPPER.createObjectNode()
                .put("limit", limit)
                .put("used", used)
                .put("remaining", Math.max(0, limit - used))
                .put("reset", reset);
    }

}
