package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake GitHub's workflow jobs and webhooks: {@link FakeJobs}, the {@link FakeHook}s that deliver
 * their transitions, and the endpoints that read them.
 *
 * <ul>
 *   <li>{@code GET /repos/{owner}/{repo}/actions/jobs/{job_id}} ("Get a job for a workflow run"):
 *       the job object with an {@code ETag}, 304 to a matching {@code If-None-Match}, 404 for a job
 *       GitHub does not know. Needs {@code repo} (classic token, private repository) or
 *       {@code actions: read} (fine-grained or installation token).</li>
 *   <li>{@code GET /orgs/{org}/hooks/{hook_id}/deliveries} ("List deliveries for an organization
 *       webhook") and {@code POST .../deliveries/{delivery_id}/attempts} ("Redeliver a delivery for
 *       an organization webhook", 202): the organization's owner's classic token with
 *       {@code admin:org_hook}, or a token with the organization permission "Webhooks"
 *       ({@code organization_hooks}), read to list, write to redeliver.</li>
 *   <li>{@code GET /app/hook/deliveries} and {@code POST /app/hook/deliveries/{delivery_id}/attempts}
 *       ("List deliveries for an app webhook", "Redeliver a delivery for an app webhook"): the
 *       App's JWT only.</li>
 * </ul>
 * Lists are newest first, {@code per_page} (default 30, at most 100) and {@code cursor} pagination,
 * the next page's cursor in a {@code Link: <...>; rel="next"} header.
 */
final class WorkflowJobsApi {

    static final String JOBS_DOCS = GitHubJson.DOCS + "/actions/workflow-jobs#get-a-job-for-a-workflow-run";
    static final String ORG_HOOK_DOCS = GitHubJson.DOCS + "/orgs/webhooks#list-deliveries-for-an-organization-webhook";
    static final String HOOKS_PERMISSION = "organization_hooks";
    static final String ACTIONS_PERMISSION = "actions";

    private static final Pattern JOB = Pattern.compile("/repos/([^/]+)/([^/]+)/actions/jobs/(\\d+)");
    private static final Pattern ORG_DELIVERIES = Pattern.compile("/orgs/([^/]+)/hooks/(\\d+)/deliveries");
    private static final Pattern ORG_ATTEMPTS = Pattern.compile("/orgs/([^/]+)/hooks/(\\d+)/deliveries/(\\d+)/attempts");
    private static final Pattern APP_ATTEMPTS = Pattern.compile("/app/hook/deliveries/(\\d+)/attempts");

    /** What a valid token may do: a classic token's scopes, or a fine-grained/installation token's organization and permissions. */
    record Grant(Set<String> scopes, String organization, Map<String, String> permissions) {
        boolean classic() {
            return scopes != null;
        }

        boolean permits(String org, String permission, String level) {
            String granted = permissions.getOrDefault(permission, "");
            return org.equalsIgnoreCase(organization) && (granted.equals("write") || granted.equals(level));
        }
    }

    private final FakeJobs jobs;
    private final List<FakeHook> hooks = new CopyOnWriteArrayList<>();
    private final Function<String, String> baseUrl;

    WorkflowJobsApi(java.util.function.Supplier<Instant> clock, Function<String, String> baseUrl) {
        this.jobs = new FakeJobs(clock);
        this.baseUrl = baseUrl;
        jobs.onTransition(transition -> hooks.forEach(hook -> hook.accept(transition)));
    }

    FakeJobs jobs() {
        return jobs;
    }

    FakeHook addHook(FakeHook hook) {
        hooks.add(hook);
        return hook;
    }

    /**
     * The answer to {@code request} if it is one of these endpoints.
     *
     * @param grant the valid token's grant, empty for no or an invalid token (401)
     * @param withApp the App's JWT checked, then the App's id to the answer
     */
    Optional<Reply> route(RecordedRequest request, String path, Function<RecordedRequest, Optional<Grant>> grant,
            BiFunction<RecordedRequest, Function<Long, Reply>, Reply> withApp) {
        String method = request.method();
        Matcher matcher;
        if (method.equals("GET") && (matcher = JOB.matcher(path)).matches()) {
            String owner = matcher.group(1);
            String repo = matcher.group(2);
            long jobId = Long.parseLong(matcher.group(3));
            return Optional.of(withGrant(request, grant, given -> getJob(request, given, owner, repo, jobId)));
        }
        if (method.equals("GET") && (matcher = ORG_DELIVERIES.matcher(path)).matches()) {
            String org = matcher.group(1);
            long hookId = Long.parseLong(matcher.group(2));
            return Optional.of(withGrant(request, grant, given -> orgHook(given, org, hookId, "read")
                    .orElseGet(() -> list(request, path, organizationHook(org, hookId)))));
        }
        if (method.equals("POST") && (matcher = ORG_ATTEMPTS.matcher(path)).matches()) {
            String org = matcher.group(1);
            long hookId = Long.parseLong(matcher.group(2));
            long deliveryId = Long.parseLong(matcher.group(3));
            return Optional.of(withGrant(request, grant, given -> orgHook(given, org, hookId, "write")
                    .orElseGet(() -> redeliver(organizationHook(org, hookId), deliveryId))));
        }
        if (method.equals("GET") && path.equals("/app/hook/deliveries")) {
            return Optional.of(withApp.apply(request, appId -> list(request, path, appHook(appId))));
        }
        if (method.equals("POST") && (matcher = APP_ATTEMPTS.matcher(path)).matches()) {
            long deliveryId = Long.parseLong(matcher.group(1));
            return Optional.of(withApp.apply(request, appId -> redeliver(appHook(appId), deliveryId)));
        }
        return Optional.empty();
    }

    private static Reply withGrant(RecordedRequest request, Function<RecordedRequest, Optional<Grant>> grant,
            Function<Grant, Reply> then) {
        if (request.header("Authorization").isEmpty()) {
            return GitHubJson.error(401, "Requires authentication", GitHubJson.DOCS);
        }
        return grant.apply(request).map(then).orElseGet(() -> GitHubJson.error(401, "Bad credentials", GitHubJson.DOCS));
    }

    private Reply getJob(RecordedRequest request, Grant grant, String owner, String repo, long jobId) {
        if (grant.classic() ? !grant.scopes().contains("repo") : !grant.permits(owner, ACTIONS_PERMISSION, "read")) {
            // A private repository the token may not read is hidden: GitHub answers 404, not 403.
            return GitHubJson.error(404, "Not Found", JOBS_DOCS);
        }
        Optional<FakeJob> job = jobs.job(jobId).filter(found -> found.repository().equalsIgnoreCase(owner + "/" + repo));
        if (job.isEmpty()) {
            return GitHubJson.error(404, "Not Found", JOBS_DOCS);
        }
        Reply reply = Reply.json(200, JobJson.job(job.get(), baseUrl.apply(request.path())).toString());
        String etag = EntityTag.of(reply.body());
        if (EntityTag.matches(request.header("If-None-Match"), etag)) {
            return new Reply(304, Map.of(), new byte[0], false).withHeader("ETag", etag);
        }
        return reply.withHeader("ETag", etag);
    }

    /** A refusal, or empty when {@code grant} may use the organization's hooks at {@code level}. */
    private static Optional<Reply> orgHook(Grant grant, String org, long hookId, String level) {
        if (grant.classic()) {
            return grant.scopes().contains("admin:org_hook") ? Optional.empty()
                    : Optional.of(GitHubJson.error(404, "Not Found", ORG_HOOK_DOCS)
                            .withHeader("X-Accepted-OAuth-Scopes", "admin:org_hook"));
        }
        return grant.permits(org, HOOKS_PERMISSION, level) ? Optional.empty()
                : Optional.of(GitHubJson.error(403, "Resource not accessible by integration", ORG_HOOK_DOCS)
                        .withHeader("X-Accepted-GitHub-Permissions", HOOKS_PERMISSION + "=" + level));
    }

    private FakeHook organizationHook(String org, long hookId) {
        return hooks.stream().filter(hook -> hook.appId() == null && hook.hookId() == hookId
                && hook.organization().equalsIgnoreCase(org)).findFirst().orElse(null);
    }

    private FakeHook appHook(long appId) {
        return hooks.stream().filter(hook -> hook.appId() != null && hook.appId() == appId).findFirst().orElse(null);
    }

    private Reply list(RecordedRequest request, String path, FakeHook hook) {
        if (hook == null) {
            return GitHubJson.error(404, "Not Found", ORG_HOOK_DOCS);
        }
        int perPage;
        try {
            perPage = request.queryParameter("per_page").map(Integer::parseInt).orElse(30);
        } catch (NumberFormatException e) {
            perPage = 30;
        }
        perPage = perPage < 1 ? 30 : Math.min(perPage, 100);
        Optional<String> cursor = request.queryParameter("cursor");
        if (cursor.isPresent() && FakeHook.cursorId(cursor.get()) == null) {
            return GitHubJson.error(400, "Bad Request", ORG_HOOK_DOCS);
        }
        Boolean redelivery = request.queryParameter("redelivery").map(Boolean::parseBoolean).orElse(null);
        FakeHook.Page page = hook.page(cursor.orElse(null), perPage, redelivery);
        ArrayNode body = Json.MAPPER.createArrayNode();
        page.deliveries().forEach(delivery -> render(body.addObject(), delivery));
        Reply reply = Reply.json(200, body.toString());
        if (page.nextCursor() != null) {
            String next = baseUrl.apply(request.path()) + path
                    + "?per_page=" + perPage + "&cursor=" + page.nextCursor()
                    + (redelivery == null ? "" : "&redelivery=" + redelivery);
            reply = reply.withHeader("Link", "<" + next + ">; rel=\"next\"");
        }
        return reply;
    }

    private static void render(ObjectNode node, HookDelivery delivery) {
        node.put("id", delivery.id())
                .put("guid", delivery.guid())
                .put("delivered_at", delivery.deliveredAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("redelivery", delivery.redelivery())
                .put("duration", delivery.duration())
                .put("status", delivery.status())
                .put("status_code", delivery.statusCode())
                .put("event", delivery.event())
                .put("action", delivery.action())
                .put("installation_id", delivery.installationId())
                .put("repository_id", delivery.repositoryId())
                .put("throttled_at", delivery.throttledAt() == null ? null : delivery.throttledAt().toString());
    }

    private static Reply redeliver(FakeHook hook, long deliveryId) {
        if (hook == null || hook.delivery(deliveryId).isEmpty()) {
            return GitHubJson.error(404, "Not Found", ORG_HOOK_DOCS);
        }
        hook.redeliver(deliveryId);
        return Reply.json(202, "{}");
    }
}
