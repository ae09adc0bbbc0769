package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.cli.DoctorCommand.Result;
import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.errors.RecordMetricException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code doctor}'s webhook checks: that the webhook feeding the job ledger exists, is active, sends
 * {@code workflow_job} to the deployed receiver as JSON with a secret, and that its recent deliveries
 * succeeded. What it reads (GitHub Docs, REST API):
 *
 * <ul>
 *   <li>an organization's hook: "List organization webhooks" ({@code GET /orgs/{org}/hooks}: the
 *       organization owner's classic token with {@code admin:org_hook}, or the organization
 *       permission "Webhooks" read) and "List deliveries for an organization webhook"
 *       ({@code GET /orgs/{org}/hooks/{hook_id}/deliveries}, the same);</li>
 *   <li>the App's hook: "Get a webhook configuration for an app" ({@code GET /app/hook/config}),
 *       "Get the authenticated app" ({@code GET /app}: its {@code events}) and "List deliveries for an
 *       app webhook" ({@code GET /app/hook/deliveries}), all with the App's JWT. The App webhook's
 *       "Active" box is not in the API: its deliveries show whether it sends.</li>
 * </ul>
 * A refusal (401, 403, 404) is reported naming the scope or permission that reads the hook, from
 * GitHub's {@code X-Accepted-OAuth-Scopes}/{@code X-Accepted-GitHub-Permissions} headers when sent.
 */
final class WebhookCheck {

    /** Where the checks' results go (doctor's list). */
    interface Checks {
        void add(String name, Result result, String detail);
    }

    private static final int MAX_HOOK_PAGES = 10;
    /** The deliveries examined: the first page, newest first ("List deliveries ...": {@code per_page} at most 100). */
    private static final int DELIVERIES_PER_PAGE = 100;

    private final GitHubApi api;
    private final Checks checks;

    WebhookCheck(GitHubApi api, Checks checks) {
        this.api = api;
        this.checks = checks;
    }

    /**
     * The organization's hook sending to {@code receiver} ({@code hookId}: that hook, else the one whose
     * URL is {@code receiver}).
     *
     * @param credential how the token was obtained, for the permission hint: {@code token} or {@code pem}
     */
    void organizationHook(String org, Long hookId, URI receiver, String token, String credential) {
        String what = "listing the webhooks of organization " + org + " (GET /orgs/" + org + "/hooks)";
        List<JsonNode> hooks = new ArrayList<>();
        URI next = api.resolve("/orgs/" + org + "/hooks?per_page=100");
        for (int page = 0; next != null && page < MAX_HOOK_PAGES; page++) {
            GitHubClient.Response response;
            try {
                response = api.getAnyStatus(next, token, what);
            } catch (RecordMetricException e) {
                checks.add("webhook", Result.FAIL, e.getMessage());
                return;
            }
            if (response.status() != 200) {
                checks.add("webhook", Result.FAIL, refusal(response, "GET /orgs/" + org + "/hooks", credential));
                return;
            }
            GitHubApi.json(response, what).forEach(hooks::add);
            next = response.links().next().orElse(null);
        }
        Optional<JsonNode> found = hooks.stream()
                .filter(hook -> hookId != null ? hook.path("id").asLong() == hookId : sameUrl(hook.path("config").path("url").asText(), receiver))
                .findFirst();
        if (found.isEmpty()) {
            List<String> elsewhere = hooks.stream().map(hook -> hook.path("id").asText() + " → " + hook.path("config").path("url").asText())
                    .toList();
            checks.add("webhook", Result.FAIL, (hookId != null ? "organization " + org + " has no webhook " + hookId
                    : "no webhook of organization " + org + " sends to " + receiver)
                    + (elsewhere.isEmpty() ? " (it has none)" : " (its webhooks: " + String.join(", ", elsewhere) + ")")
                    + ": create it in the organization's Settings → Webhooks with that Payload URL, Content type"
                    + " application/json, the webhook secret, and the event Workflow jobs");
            return;
        }
        JsonNode hook = found.get();
        long id = hook.path("id").asLong();
        String url = hook.path("config").path("url").asText();
        boolean urlMatches = sameUrl(url, receiver);
        boolean active = hook.path("active").asBoolean(false);
        checks.add("webhook", urlMatches && active ? Result.OK : Result.FAIL, "organization webhook " + id
                + (urlMatches ? " sends to " + receiver : " sends to " + url + ", not to " + receiver + ": set its Payload URL")
                + (active ? ", active" : "; it is not active: tick Active in its settings, GitHub sends nothing meanwhile"));
        checkEvents(events(hook.path("events")), "the webhook's settings (Let me select individual events → Workflow jobs)");
        checkConfig(hook.path("config"));
        String path = "/orgs/" + org + "/hooks/" + id + "/deliveries";
        checkDeliveries(path, token, credential);
    }

    /** The App's hook; {@code jwt} is the App's JSON web token. */
    void appHook(URI receiver, String jwt) {
        GitHubClient.Response config;
        try {
            config = api.getAnyStatus(api.resolve("/app/hook/config"), jwt, "reading the App's webhook configuration");
        } catch (RecordMetricException e) {
            checks.add("webhook", Result.FAIL, e.getMessage());
            return;
        }
        if (config.status() == 404) {
            checks.add("webhook", Result.FAIL, "the App has no webhook (GET /app/hook/config answered 404): in the App's settings,"
                    + " tick Webhook → Active and set the Webhook URL to " + receiver + " and the webhook secret");
            return;
        }
        if (config.status() != 200) {
            checks.add("webhook", Result.FAIL, refusal(config, "GET /app/hook/config", "jwt"));
            return;
        }
        JsonNode body = GitHubApi.json(config, "reading the App's webhook configuration");
        String url = body.path("url").asText();
        boolean urlMatches = sameUrl(url, receiver);
        checks.add("webhook", urlMatches ? Result.OK : Result.FAIL, urlMatches ? "the App's webhook sends to " + receiver
                : "the App's webhook sends to " + (url.isEmpty() ? "no URL" : url) + ", not to " + receiver
                        + ": set the Webhook URL in the App's settings");
        try {
            GitHubClient.Response app = api.getAnyStatus(api.resolve("/app"), jwt, "reading the App (GET /app)");
            if (app.status() == 200) {
                checkEvents(events(GitHubApi.json(app, "reading the App").path("events")),
                        "the App's settings (Permissions & events → Subscribe to events → Workflow job; needs the Actions"
                                + " repository permission, read)");
            } else {
                checks.add("webhook events", Result.FAIL, refusal(app, "GET /app", "jwt"));
            }
        } catch (RecordMetricException e) {
            checks.add("webhook events", Result.FAIL, e.getMessage());
        }
        // the App's config carries content_type, insecure_ssl and secret as an organization hook's does
        checkConfig(body);
        checkDeliveries("/app/hook/deliveries", jwt, "jwt");
    }

    private void checkEvents(List<String> events, String where) {
        boolean sends = events.contains("workflow_job") || events.contains("*");
        checks.add("webhook events", sends ? Result.OK : Result.FAIL, sends ? "workflow_job" + (events.contains("*") ? " (all events)" : "")
                : "workflow_job is not among its events " + events + ": the ledger would get nothing; add it in " + where);
    }

    private void checkConfig(JsonNode config) {
        List<String> problems = new ArrayList<>();
        String contentType = config.path("content_type").asText("form");
        if (!contentType.equals("json")) {
            problems.add("content type is " + contentType + ": choose Content type application/json (the receiver answers 415"
                    + " to form deliveries)");
        }
        if (!config.has("secret")) {
            problems.add("it has no secret: set the webhook secret (the one in the webhook_secret secret), else the receiver"
                    + " refuses every delivery (401)");
        }
        boolean verifiesSsl = "0".equals(config.path("insecure_ssl").asText("0"));
        if (problems.isEmpty()) {
            checks.add("webhook config", verifiesSsl ? Result.OK : Result.WARN, "content type json, secret set"
                    + (verifiesSsl ? ", SSL verified" : "; SSL verification is off: enable it (the function URL has a valid certificate)"));
        } else {
            checks.add("webhook config", Result.FAIL, String.join("; ", problems));
        }
    }

    private void checkDeliveries(String path, String token, String credential) {
        String what = "listing the webhook's recent deliveries (GET " + path + ")";
        GitHubClient.Response response;
        try {
            response = api.getAnyStatus(api.resolve(path + "?per_page=" + DELIVERIES_PER_PAGE), token, what);
        } catch (RecordMetricException e) {
            checks.add("webhook deliveries", Result.WARN, e.getMessage());
            return;
        }
        if (response.status() != 200) {
            checks.add("webhook deliveries", Result.FAIL, refusal(response, "GET " + path, credential));
            return;
        }
        JsonNode deliveries = GitHubApi.json(response, what);
        if (deliveries.isEmpty()) {
            checks.add("webhook deliveries", Result.WARN, "none yet: GitHub sends one when a job is queued (or Redeliver the ping"
                    + " in the webhook's Recent Deliveries)");
            return;
        }
        // newest first; a GUID is delivered once and again with each redelivery: its newest attempt counts
        Map<String, JsonNode> newestByGuid = new LinkedHashMap<>();
        deliveries.forEach(delivery -> newestByGuid.putIfAbsent(delivery.path("guid").asText(delivery.path("id").asText()), delivery));
        int attempts = deliveries.size();
        long failedAttempts = 0;
        for (JsonNode delivery : deliveries) {
            failedAttempts += succeeded(delivery) ? 0 : 1;
        }
        List<JsonNode> unrepaired = newestByGuid.values().stream().filter(delivery -> !succeeded(delivery)).toList();
        JsonNode newest = deliveries.get(0);
        String counts = attempts + (attempts == 1 ? " recent delivery" : " recent deliveries") + ", " + (attempts - failedAttempts)
                + " succeeded, " + failedAttempts + " failed";
        if (!succeeded(newest)) {
            checks.add("webhook deliveries", Result.FAIL, counts + "; the newest (" + newest.path("delivered_at").asText() + ", "
                    + newest.path("event").asText() + ") failed: " + describe(newest) + hint(newest.path("status_code").asInt()));
        } else if (!unrepaired.isEmpty()) {
            checks.add("webhook deliveries", Result.WARN, counts + "; " + unrepaired.size() + " not redelivered successfully yet (the"
                    + " repair-job-ledger state machine asks GitHub to redeliver them); the newest succeeded");
        } else {
            checks.add("webhook deliveries", Result.OK, counts + (failedAttempts > 0 ? ", each failed one since redelivered" : ""));
        }
    }

    private static boolean succeeded(JsonNode delivery) {
        int status = delivery.path("status_code").asInt();
        return status >= 200 && status < 300;
    }

    private static String describe(JsonNode delivery) {
        int status = delivery.path("status_code").asInt();
        return (status == 0 ? "no answer" : "HTTP " + status) + " (" + TerminalText.safe(delivery.path("status").asText()) + ")";
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> ": the receiver refused the signature; the webhook's secret differs from the one in the webhook_secret"
                    + " secret: set the same value in both";
            case 415 -> ": the receiver refused the content type; choose Content type application/json";
            case 403, 404 -> ": the URL is not the receiver's function URL; set the Payload URL to terraform output webhook_url";
            case 0 -> ": no answer within GitHub's 10 s; check the receiver's logs and alarms";
            default -> status >= 500 ? ": the receiver failed; check its logs and the receive-job-events alarms" : "";
        };
    }

    /** A refusal, naming what would let the credentials read it. */
    static String refusal(GitHubClient.Response response, String request, String credential) {
        int status = response.status();
        Optional<String> scopes = response.header("X-Accepted-OAuth-Scopes").filter(value -> !value.isBlank());
        Optional<String> permissions = response.header("X-Accepted-GitHub-Permissions").filter(value -> !value.isBlank());
        String needs = switch (credential) {
            case "jwt" -> "the App's JSON web token is refused: check the App id and its private key";
            case "pem" -> "the App's installation needs the organization permission Webhooks (organization_hooks): read for"
                    + " doctor, write for the repairs to redeliver; grant it in the App's settings and accept it on the installation";
            default -> "a classic token needs the admin:org_hook scope (and its user must own the organization); a"
                    + " fine-grained token needs the organization permission Webhooks (organization_hooks): read, write for the"
                    + " repairs to redeliver";
        };
        if (status == 401 && !credential.equals("jwt")) {
            needs = "the token is refused (invalid, expired or revoked)";
        }
        String accepted = scopes.map(s -> " GitHub accepts the scope " + s + ".").orElse("")
                + permissions.map(p -> " GitHub accepts the permission " + p.toLowerCase(Locale.ROOT) + ".").orElse("");
        return "GitHub answered HTTP " + status + " to " + request + (status == 404 ? " (GitHub answers 404 to what the credentials"
                + " may not see)" : "") + ": " + needs + "." + accepted;
    }

    private static List<String> events(JsonNode array) {
        List<String> events = new ArrayList<>();
        array.forEach(event -> events.add(event.asText()));
        return events;
    }

    /** The same URL, ignoring a trailing slash and the case of scheme and host. */
    static boolean sameUrl(String configured, URI receiver) {
        return normalize(configured).equals(normalize(receiver.toString()));
    }

    private static String normalize(String url) {
        String trimmed = url.strip();
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = URI.create(trimmed);
            return (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) + "://"
                    + (uri.getRawAuthority() == null ? "" : uri.getRawAuthority().toLowerCase(Locale.ROOT))
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return trimmed;
        }
    }
}
