package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fake GitHub reports of its webhooks' settings ({@link HookSettings}): the endpoints
 * {@code record-metric doctor} reads.
 *
 * <ul>
 *   <li>{@code GET /orgs/{org}/hooks} ("List organization webhooks", {@code per_page}/{@code page}
 *       with a {@code Link} header) and {@code GET /orgs/{org}/hooks/{hook_id}} ("Get an organization
 *       webhook"): a classic token with {@code admin:org_hook} (else 404, as GitHub hides what the token
 *       may not see; the endpoint documents only 200 and 404), or a fine-grained or installation token
 *       with the organization permission "Webhooks" ({@code organization_hooks}) read (else 403).</li>
 *   <li>{@code GET /app/hook/config} ("Get a webhook configuration for an app"): the App's JWT; 404
 *       when the App has no webhook.</li>
 *   <li>The {@code events} of {@code GET /app} ("Get the authenticated app"): the App webhook's.</li>
 * </ul>
 */
final class HookSettingsApi {

    static final String ORG_HOOKS_DOCS = GitHubJson.DOCS + "/orgs/webhooks#list-organization-webhooks";
    static final String APP_HOOK_DOCS = GitHubJson.DOCS + "/apps/webhooks#get-a-webhook-configuration-for-an-app";

    private static final Pattern ORG_HOOKS = Pattern.compile("/orgs/([^/]+)/hooks");
    private static final Pattern ORG_HOOK = Pattern.compile("/orgs/([^/]+)/hooks/(\\d+)");

    private final Map<FakeHook, HookSettings> settings = new ConcurrentHashMap<>();
    private final List<FakeHook> order = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeHook register(FakeHook hook, URI url) {
        settings.put(hook, new HookSettings(url));
        order.add(hook);
        return hook;
    }

    HookSettings settings(FakeHook hook) {
        HookSettings found = settings.get(hook);
        if (found == null) {
            throw new IllegalArgumentException("not a hook of this fake GitHub: " + hook.hookId());
        }
        return found;
    }

    /** {@code GET /app}'s answer with the events of the App's webhook. */
    Reply withAppEvents(long appId, ObjectNode app) {
        ArrayNode events = app.putArray("events");
        appHook(appId).ifPresent(hook -> settings(hook).events().forEach(events::add));
        return Reply.json(200, app.toString());
    }

    /**
     * The answer to {@code request} if it is one of these endpoints.
     *
     * @param grant the valid token's grant, empty for no or an invalid token
     * @param withApp the App's JWT checked, then the App's id to the answer
     */
    Optional<Reply> route(RecordedRequest request, String path, String baseUrl,
            Function<RecordedRequest, Optional<WorkflowJobsApi.Grant>> grant,
            BiFunction<RecordedRequest, Function<Long, Reply>, Reply> withApp) {
        if (!request.method().equals("GET")) {
            return Optional.empty();
        }
        Matcher matcher;
        if ((matcher = ORG_HOOKS.matcher(path)).matches()) {
            String org = matcher.group(1);
            return Optional.of(withGrant(request, grant, org, () -> listOrgHooks(request, org, baseUrl)));
        }
        if ((matcher = ORG_HOOK.matcher(path)).matches()) {
            String org = matcher.group(1);
            long hookId = Long.parseLong(matcher.group(2));
            return Optional.of(withGrant(request, grant, org, () -> orgHooks(org).stream()
                    .filter(hook -> hook.hookId() == hookId).findFirst()
                    .map(hook -> Reply.json(200, hookJson(hook, baseUrl).toString()))
                    .orElseGet(() -> GitHubJson.error(404, "Not Found", ORG_HOOKS_DOCS))));
        }
        if (path.equals("/app/hook/config")) {
            return Optional.of(withApp.apply(request, appId -> appHook(appId)
                    .map(hook -> Reply.json(200, configJson(settings(hook)).toString()))
                    .orElseGet(() -> GitHubJson.error(404, "Not Found", APP_HOOK_DOCS))));
        }
        return Optional.empty();
    }

    private static Reply withGrant(RecordedRequest request, Function<RecordedRequest, Optional<WorkflowJobsApi.Grant>> grant,
            String org, java.util.function.Supplier<Reply> then) {
        if (request.header("Authorization").isEmpty()) {
            return GitHubJson.error(401, "Requires authentication", ORG_HOOKS_DOCS);
        }
        Optional<WorkflowJobsApi.Grant> given = grant.apply(request);
        if (given.isEmpty()) {
            return GitHubJson.error(401, "Bad credentials", GitHubJson.DOCS);
        }
        if (given.get().classic()) {
            if (!given.get().scopes().contains("admin:org_hook")) {
                return GitHubJson.error(404, "Not Found", ORG_HOOKS_DOCS).withHeader("X-Accepted-OAuth-Scopes", "admin:org_hook");
            }
        } else if (!given.get().permits(org, WorkflowJobsApi.HOOKS_PERMISSION, "read")) {
            return GitHubJson.error(403, "Resource not accessible by integration", ORG_HOOKS_DOCS)
                    .withHeader("X-Accepted-GitHub-Permissions", WorkflowJobsApi.HOOKS_PERMISSION + "=read");
        }
        return then.get();
    }

    private Reply listOrgHooks(RecordedRequest request, String org, String baseUrl) {
        int perPage = intParameter(request, "per_page", 30);
        perPage = perPage < 1 ? 30 : Math.min(perPage, 100);
        int page = Math.max(1, intParameter(request, "page", 1));
        List<FakeHook> hooks = orgHooks(org);
        ArrayNode body = Json.MAPPER.createArrayNode();
        int from = (page - 1) * perPage;
        for (int i = from; i < Math.min(hooks.size(), from + perPage); i++) {
            body.add(hookJson(hooks.get(i), baseUrl));
        }
        Reply reply = Reply.json(200, body.toString());
        if (from + perPage < hooks.size()) {
            reply = reply.withHeader("Link", "<" + baseUrl + request.path() + "?per_page=" + perPage + "&page=" + (page + 1)
                    + ">; rel=\"next\"");
        }
        return reply;
    }

    private List<FakeHook> orgHooks(String org) {
        List<FakeHook> hooks = new ArrayList<>();
        for (FakeHook hook : order) {
            if (hook.appId() == null && hook.organization().equalsIgnoreCase(org)) {
                hooks.add(hook);
            }
        }
        return hooks;
    }

    private Optional<FakeHook> appHook(long appId) {
        return order.stream().filter(hook -> hook.appId() != null && hook.appId() == appId).findFirst();
    }

    private ObjectNode hookJson(FakeHook hook, String baseUrl) {
        HookSettings hookSettings = settings(hook);
        String self = baseUrl + "/orgs/" + hook.organization() + "/hooks/" + hook.hookId();
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("type", "Organization")
                .put("id", hook.hookId())
                .put("name", "web")
                .put("active", hookSettings.active());
        ArrayNode events = node.putArray("events");
        hookSettings.events().forEach(events::add);
        node.set("config", configJson(hookSettings));
        node.put("updated_at", "2026-01-01T00:00:00Z")
                .put("created_at", "2026-01-01T00:00:00Z")
                .put("url", self)
                .put("ping_url", self + "/pings")
                .put("deliveries_url", self + "/deliveries");
        return node;
    }

    private static ObjectNode configJson(HookSettings hookSettings) {
        ObjectNode config = Json.MAPPER.createObjectNode()
                .put("content_type", hookSettings.contentType())
                .put("insecure_ssl", hookSettings.insecureSsl())
                .put("url", hookSettings.url().toString());
        if (hookSettings.secretSet()) {
            config.put("secret", "********");
        }
        return config;
    }

    private static int intParameter(RecordedRequest request, String name, int fallback) {
        try {
            return request.queryParameter(name).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
