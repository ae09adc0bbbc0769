package dev.recordmetric.cli;

import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.errors.RecordMetricException;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.RecordingLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

/**
 * {@code record-metric doctor}: the original module's troubleshooting list, answered against the
 * real GitHub with the operator's credentials before anything is deployed. The token is obtained
 * by the real GetToken function and the runners counted by the real ListRunners function, so what
 * passes here passes in the deployed workflow.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Checks, before deploying, that the workflow would work: the credentials, the GitHub App installation and"
                    + " its permissions, listing the organization's runners, how many carry installation_id:<ID> (busy, idle,"
                    + " offline), near-miss labels, the rate limit, and optionally the Auto Scaling group and the webhook feeding the"
                    + " job ledger (--webhook-url).",
            "Exit status 0 only when the deployed workflow would work."
        })
final class DoctorCommand implements Callable<Integer> {

    static final String GROUP_METRIC = "GroupInServiceInstances";

    enum Result { OK, INFO, WARN, FAIL }

    record Check(String name, Result result, String detail) {}

    private final Io io;
    private final List<Check> checks = new ArrayList<>();
    private Style style = Style.PLAIN;

    @Mixin GitHubOptions github = new GitHubOptions();

    @Option(names = "--asg-name", paramLabel = "NAME",
            description = "Also check this Auto Scaling group (default AWS credentials and region): exists, capacity,"
                    + " group metrics enabled.")
    String asgName;

    @Option(names = "--webhook-url", paramLabel = "URL",
            description = "Also checks the webhook feeding the job ledger (job_events): that it exists, is active, sends workflow_job"
                    + " to this URL (terraform output webhook_url) as JSON with a secret, and that its recent deliveries succeeded.")
    URI webhookUrl;

    @Option(names = "--webhook", paramLabel = "organization[:ID]|app",
            description = "Which webhook --webhook-url checks: the organization's (default with a token; :ID names the hook) or the"
                    + " GitHub App's (default with --app-id), as the module's webhook input.")
    String webhook;

    @Option(names = "--json", description = "The checks as one JSON object.")
    boolean json;

    @Option(names = "--aws-endpoint-url", paramLabel = "URL", hidden = true, description = "Auto Scaling endpoint (for tests).")
    URI awsEndpoint;

    DoctorCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        style = json ? Style.PLAIN : io.style();
        GitHubOptions.Credentials credentials = github.resolve(io.env());
        Webhook hook = webhook(credentials);
        GitHubApi api = new GitHubApi(credentials.apiUrl());
        api.probe();
        if (!json) {
            io.out().println(style.bold("record-metric doctor") + "  organization " + credentials.organization() + " on "
                    + credentials.apiUrl() + ", runners labelled " + credentials.label());
        }
        add("GitHub API", Result.OK, "answers at " + credentials.apiUrl());
        try (LocalFunctions functions = new LocalFunctions(credentials)) {
            checkGitHub(credentials, api, functions, hook);
        }
        if (asgName != null) {
            checkAutoScalingGroup();
        }
        return finish();
    }

    /** The webhook to check: none, the organization's (a hook id or null), or the App's. */
    private record Webhook(boolean app, Long hookId) {}

    private Webhook webhook(GitHubOptions.Credentials credentials) {
        if (webhookUrl == null) {
            if (webhook != null) {
                throw new CliException("--webhook needs --webhook-url: pass the receiver's URL (terraform output webhook_url)");
            }
            return null;
        }
        if (!"https".equals(webhookUrl.getScheme()) && !"http".equals(webhookUrl.getScheme()) || webhookUrl.getHost() == null) {
            throw new CliException("--webhook-url " + webhookUrl + " is not an http(s) URL: pass terraform output webhook_url");
        }
        String which = webhook != null ? webhook.strip() : credentials.type().equals("pem") ? "app" : "organization";
        if (which.equals("app")) {
            if (!credentials.type().equals("pem")) {
                throw new CliException("--webhook app reads the App's webhook with the App's JSON web token: pass --app-id and"
                        + " --pem-file (or check the organization's webhook: --webhook organization)");
            }
            return new Webhook(true, null);
        }
        if (which.equals("organization")) {
            return new Webhook(false, null);
        }
        if (which.matches("organization:\\d{1,18}")) {
            return new Webhook(false, Long.parseLong(which.substring("organization:".length())));
        }
        throw new CliException("--webhook " + which + " is not organization, organization:<hook id> or app");
    }

    private void checkWebhook(GitHubOptions.Credentials credentials, GitHubApi api, LocalFunctions functions, Webhook hook,
            String executionArn, String token) {
        WebhookCheck check = new WebhookCheck(api, this::add);
        if (!hook.app() && credentials.type().equals("token")) {
            check.organizationHook(credentials.organization(), hook.hookId(), webhookUrl, token, "token");
            return;
        }
        // The App: its JWT for its own hook; for the organization's hook, the token the repairs get (organization_hooks).
        ObjectNode input = Json.MAPPER.createObjectNode().put("executionArn", executionArn);
        input.put(hook.app() ? "appJwt" : "repairs", true);
        String sealed = hook.app() ? "sealedAppJwt" : "sealedToken";
        String secret;
        try {
            JsonNode output = invoke(functions.getToken()::handleRequest, input);
            secret = new TokenSeal(functions.kms(), functions.kmsKeyArn()).unseal(output.path(sealed).asText(), executionArn);
        } catch (RecordMetricException e) {
            add("webhook", Result.FAIL, (hook.app() ? "cannot make the App's JSON web token: " : "cannot get the token the repairs"
                    + " use (actions: read, organization_hooks: write): ") + LocalFunctions.explain(e.getMessage(), github));
            return;
        }
        if (hook.app()) {
            check.appHook(webhookUrl, secret);
        } else {
            check.organizationHook(credentials.organization(), hook.hookId(), webhookUrl, secret, "pem");
        }
    }

    private void checkGitHub(GitHubOptions.Credentials credentials, GitHubApi api, LocalFunctions functions, Webhook hook) {
        String executionArn = "arn:aws:states:" + FakeAws.REGION + ":" + FakeAws.ACCOUNT + ":execution:record-metric:doctor-"
                + UUID.randomUUID();
        // 1. The token, through GetToken's own code (for an App: JWT, installation, token with the runners permission).
        String token;
        JsonNode getTokenOutput;
        try {
            getTokenOutput = invoke(functions.getToken()::handleRequest, Json.MAPPER.createObjectNode().put("executionArn", executionArn));
            token = new TokenSeal(functions.kms(), functions.kmsKeyArn()).unseal(getTokenOutput.path("sealedToken").asText(), executionArn);
        } catch (RecordMetricException e) {
            add("credentials", Result.FAIL, Timeline.shortName(e.getClass().getName()) + ": " + LocalFunctions.explain(e.getMessage(), github));
            return;
        }
        if (credentials.type().equals("pem")) {
            String expires = getTokenOutput.path("expiresAt").asText("");
            add("credentials", Result.OK, "GitHub App " + credentials.appId() + ": private key accepted, installation on "
                    + credentials.organization() + " found, installation token minted with organization_self_hosted_runners: read"
                    + (expires.isEmpty() ? "" : " (expires " + expires + ")"));
        }
        // 2. The organization, with the token: is the token valid?
        try {
            String what = "reading organization " + credentials.organization();
            JsonNode org = GitHubApi.json(api.get("/orgs/" + credentials.organization(), token, what), what);
            if (credentials.type().equals("token")) {
                add("credentials", Result.OK, tokenKind(token) + ", accepted by GitHub");
            }
            add("organization", Result.OK, org.path("login").asText(credentials.organization()) + " (id " + org.path("id").asText() + ")");
        } catch (RecordMetricException e) {
            boolean auth = e instanceof dev.recordmetric.errors.AuthenticationException
                    || e instanceof dev.recordmetric.errors.TokenRejectedException;
            add(auth ? "credentials" : "organization", Result.FAIL, (auth ? tokenKind(token) + " refused: " : "") + e.getMessage());
            return;
        }
        // 3. Listing the organization's runners, as ListRunners does.
        List<JsonNode> runners = new ArrayList<>();
        int pages = 0;
        Optional<String> scopes = Optional.empty();
        try {
            String what = "listing the self-hosted runners of organization " + credentials.organization();
            var listing = api.pages("/orgs/" + credentials.organization() + "/actions/runners?per_page=100&page=1", token, what);
            while (listing.hasNext() && pages < 1000) {
                GitHubClient.Response page = listing.next();
                pages++;
                GitHubApi.json(page, what).path("runners").forEach(runners::add);
                scopes = scopes.or(() -> page.header("X-OAuth-Scopes"));
            }
        } catch (RecordMetricException e) {
            add("list runners", Result.FAIL, e.getMessage());
            return;
        }
        add("list runners", Result.OK, runners.size() + (runners.size() == 1 ? " runner" : " runners") + " in the organization ("
                + pages + (pages == 1 ? " page" : " pages") + ")" + scopes.map(s -> "; token scopes: " + (s.isBlank() ? "none" : s)).orElse(""));
        // 4. What ListRunners itself counts, with the same sealed token.
        JsonNode observed;
        try {
            observed = invoke(functions.listRunners()::handleRequest, Json.MAPPER.createObjectNode()
                    .put("sealedToken", getTokenOutput.path("sealedToken").asText()).put("executionArn", executionArn));
        } catch (RecordMetricException e) {
            add("ListRunners", Result.FAIL, e.getMessage());
            return;
        }
        int busy = observed.path("busy").path("count").asInt();
        int idle = observed.path("idle").path("count").asInt();
        int offline = observed.path("offline").path("count").asInt();
        int labelled = busy + idle + offline;
        NearMisses nearMisses = nearMisses(runners, credentials.label());
        if (labelled > 0) {
            add("labelled runners", busy + idle > 0 ? Result.OK : Result.WARN, labelled + " carry " + credentials.label() + ": "
                    + busy + " online busy, " + idle + " online idle, " + offline + " offline; the workflow would publish BusyRunners="
                    + busy + " IdleRunners=" + idle + (busy + idle == 0 ? " (all offline: is the runner service running?)" : ""));
        } else if (runners.isEmpty()) {
            add("labelled runners", Result.WARN, "the organization has no self-hosted runners yet; the workflow would publish 0 and 0");
        } else {
            add("labelled runners", Result.FAIL, "none of the " + runners.size() + " runners carries " + credentials.label()
                    + ": metrics would show 0 while runners exist; label the runners (or pass the installation_id they carry)");
        }
        if (nearMisses.other.isEmpty()) {
            add("near-miss labels", Result.OK, "none");
        } else {
            List<String> items = new ArrayList<>();
            nearMisses.other.forEach((label, count) -> items.add(label + " on " + count + (count == 1 ? " runner" : " runners")));
            add("near-miss labels", Result.WARN, String.join(", ", items) + ": not counted (they differ from " + credentials.label() + ")");
        }
        if (!nearMisses.caseOnly.isEmpty()) {
            List<String> items = new ArrayList<>();
            nearMisses.caseOnly.forEach((label, count) -> items.add(label + " on " + count + (count == 1 ? " runner" : " runners")));
            add("label case", Result.INFO, String.join(", ", items) + ": differs only in case; counted (labels are compared"
                    + " case-insensitively)");
        }
        // 5. The rate limit the workflow shares with whatever else uses these credentials.
        try {
            JsonNode core = GitHubApi.json(api.get("/rate_limit", token, "reading the rate limit"), "reading the rate limit")
                    .path("resources").path("core");
            int limit = core.path("limit").asInt();
            int remaining = core.path("remaining").asInt();
            Instant reset = Instant.ofEpochSecond(core.path("reset").asLong());
            int perHour = 60 * Math.max(1, observed.path("pages").asInt(pages)) + (credentials.type().equals("pem") ? 3 : 0);
            String text = remaining + " of " + limit + " requests left this hour (resets " + reset + "); the workflow uses about "
                    + perHour + " an hour";
            Result result = remaining == 0 || limit < perHour ? Result.FAIL : remaining < perHour ? Result.WARN : Result.OK;
            add("rate limit", result, text + (limit < perHour ? ": the limit is too small for one run a minute" : ""));
        } catch (RecordMetricException e) {
            add("rate limit", Result.WARN, "cannot read GET /rate_limit: " + e.getMessage());
        }
        // 6. The webhook feeding the job ledger, when asked.
        if (hook != null) {
            checkWebhook(credentials, api, functions, hook, executionArn, token);
        }
    }

    private record NearMisses(Map<String, Integer> other, Map<String, Integer> caseOnly) {}

    /** Labels that look like the installation label but are not it: other ids, typos in the prefix, other case. */
    static NearMisses nearMisses(List<JsonNode> runners, String label) {
        Map<String, Integer> other = new TreeMap<>();
        Map<String, Integer> caseOnly = new TreeMap<>();
        String wanted = normalize(label);
        String prefix = normalize("installation_id:");
        for (JsonNode runner : runners) {
            for (JsonNode l : runner.path("labels")) {
                String name = l.path("name").asText();
                if (name.equals(label)) {
                    continue;
                }
                if (name.equalsIgnoreCase(label)) {
                    caseOnly.merge(name, 1, Integer::sum);
                } else if (normalize(name).startsWith(prefix.substring(0, prefix.length() - 1)) || normalize(name).equals(wanted)) {
                    other.merge(name, 1, Integer::sum);
                }
            }
        }
        return new NearMisses(other, caseOnly);
    }

    private static String normalize(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String tokenKind(String token) {
        if (token.startsWith("ghp_")) {
            return "classic personal access token";
        }
        if (token.startsWith("github_pat_")) {
            return "fine-grained personal access token";
        }
        if (token.startsWith("ghs_")) {
            return "GitHub App installation token (expires within an hour: store the App's key instead)";
        }
        if (token.startsWith("gho_") || token.startsWith("ghu_")) {
            return "OAuth token";
        }
        return "token";
    }

    private void checkAutoScalingGroup() {
        try {
            var builder = AutoScalingClient.builder().httpClient(UrlConnectionHttpClient.create());
            if (awsEndpoint != null) {
                builder.endpointOverride(awsEndpoint);
            }
            try (AutoScalingClient autoscaling = builder.build()) {
                List<AutoScalingGroup> groups = autoscaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(asgName)).autoScalingGroups();
                if (groups.isEmpty()) {
                    add("Auto Scaling group", Result.FAIL, "no group named " + asgName + " in this account and region: check asg_name"
                            + " and AWS_REGION/AWS_PROFILE");
                    return;
                }
                AutoScalingGroup group = groups.getFirst();
                long inService = group.instances().stream().filter(i -> i.lifecycleState() == LifecycleState.IN_SERVICE).count();
                add("Auto Scaling group", Result.OK, asgName + ": desired " + group.desiredCapacity() + ", in service " + inService
                        + " (min " + group.minSize() + ", max " + group.maxSize() + ")");
                boolean enabled = group.enabledMetrics().stream().anyMatch(m -> GROUP_METRIC.equals(m.metric()));
                add("group metrics", enabled ? Result.OK : Result.WARN, enabled ? GROUP_METRIC + " enabled"
                        : GROUP_METRIC + " not enabled: scaling on IdleRunners with in-service capacity needs it; enable group metrics"
                                + " (aws_autoscaling_group metrics_granularity = \"1Minute\", enabled_metrics including " + GROUP_METRIC + ")");
            }
        } catch (AutoScalingException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode() + ": ";
            add("Auto Scaling group", Result.FAIL, "DescribeAutoScalingGroups refused (" + code
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())
                    + "): the credentials need autoscaling:DescribeAutoScalingGroups");
        } catch (SdkClientException e) {
            add("Auto Scaling group", Result.FAIL, "no AWS answer (" + RunCommand.firstLine(e.getMessage())
                    + "): set AWS credentials and AWS_REGION (or AWS_PROFILE), or leave out --asg-name");
        } catch (SdkException e) {
            add("Auto Scaling group", Result.FAIL, RunCommand.firstLine(e.getMessage()));
        }
    }

    interface Handler {
        void handle(java.io.InputStream in, java.io.OutputStream out, com.amazonaws.services.lambda.runtime.Context context)
                throws IOException;
    }

    private static JsonNode invoke(Handler handler, ObjectNode input) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handle(new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)), output,
                    new RecordingLambdaContext("record-metric-doctor", (int) Duration.ofSeconds(30).toMillis()));
            return Json.MAPPER.readTree(output.toByteArray());
        } catch (IOException e) {
            throw new dev.recordmetric.errors.MalformedResponseException("the function's output is not JSON: " + e.getMessage());
        }
    }

    private void add(String name, Result result, String detail) {
        Check check = new Check(name, result, detail);
        checks.add(check);
        if (!json) {
            String mark = switch (result) {
                case OK -> style.green("✓");
                case INFO -> style.cyan("i");
                case WARN -> style.yellow("!");
                case FAIL -> style.red("✗");
            };
            String shown = TerminalText.safe(detail);
            io.out().println("  " + mark + " " + Timeline.pad(name, 20) + (result == Result.FAIL ? style.red(shown) : shown));
        }
    }

    private int finish() {
        long failed = checks.stream().filter(c -> c.result() == Result.FAIL).count();
        long warnings = checks.stream().filter(c -> c.result() == Result.WARN).count();
        long ok = checks.stream().filter(c -> c.result() == Result.OK).count();
        boolean ready = failed == 0;
        if (json) {
            ObjectNode report = Json.MAPPER.createObjectNode().put("ready", ready);
            ArrayNode array = report.putArray("checks");
            checks.forEach(c -> array.addObject().put("check", c.name()).put("result", c.result().name()).put("detail", c.detail()));
            io.out().println(report);
        } else if (ready) {
            io.out().println(style.green(style.bold("ready")) + ": the deployed workflow would work (" + ok + " ok, " + warnings
                    + (warnings == 1 ? " warning)" : " warnings)"));
        } else {
            io.out().println(style.red(style.bold("not ready")) + ": " + failed + (failed == 1 ? " check failed" : " checks failed")
                    + "; fix what is marked ✗ and run doctor again");
        }
        return ready ? 0 : 1;
    }
}
