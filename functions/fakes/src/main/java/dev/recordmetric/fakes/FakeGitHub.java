package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback fake of the GitHub REST API for self-hosted runners and GitHub App authentication. It
 * plays {@code https://api.github.com} at {@link #baseUrl()} and GitHub Enterprise Server at
 * {@link #enterpriseBaseUrl()}. All methods are thread-safe; requests are served concurrently.
 */
public final class FakeGitHub implements AutoCloseable {

    /** The permission the runners endpoint needs from an installation or fine-grained token. */
    public static final String RUNNERS_PERMISSION = "organization_self_hosted_runners";
    static final String ENTERPRISE_PREFIX = "/api/v3";

    private static final Pattern RUNNERS = Pattern.compile("/orgs/([^/]+)/actions/runners");
    private static final Pattern GROUP_RUNNERS = Pattern.compile("/orgs/([^/]+)/actions/runner-groups/(\\d+)/runners");
    private static final Pattern ORGANIZATION = Pattern.compile("/orgs/([^/]+)");
    private static final Pattern ORG_INSTALLATION = Pattern.compile("/orgs/([^/]+)/installation");
    private static final Pattern INSTALLATION = Pattern.compile("/app/installations/(\\d+)");
    private static final Pattern ACCESS_TOKENS = Pattern.compile("/app/installations/(\\d+)/access_tokens");
    private static final Set<String> CLASSIC_RUNNER_SCOPES = Set.of("admin:org", "manage_runners:org");
    private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    record Installation(long id, long appId, String organization, Map<String, String> permissions) {
    }

    /** A token the fake accepts: a classic PAT (scopes), a fine-grained PAT or an installation token. */
    private record Credential(Set<String> scopes, String organization, Map<String, String> permissions,
            Instant expiresAt) {
        boolean classic() {
            return scopes != null;
        }
    }

    private final LoopbackServer server;
    private final Faults faults = new Faults();
    private final RateLimit rateLimit = new RateLimit(5000);
    private final Map<String, FakeOrganization> organizations = new ConcurrentHashMap<>();
    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
    private final Map<Long, AppJwtVerifier.App> apps = new ConcurrentHashMap<>();
    private final Map<Long, Installation> installations = new ConcurrentHashMap<>();
    private final Map<String, Long> labelIds = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> jwtClaims = new CopyOnWriteArrayList<>();
    private final List<MintedToken> mintedTokens = new CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(100);
    private final AtomicLong nextLabelId = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();
    private final WorkflowJobsApi workflowJobs = new WorkflowJobsApi(() -> this.clock.instant(),
            path -> path.startsWith(ENTERPRISE_PREFIX + "/") ? enterpriseBaseUrl() : baseUrl());
    private final HookSettingsApi hookSettings = new HookSettingsApi();
    private volatile Clock clock = Clock.systemUTC();
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile boolean rateLimitHeaders = true;
    private volatile InstallationTokenFormat installationTokenFormat = InstallationTokenFormat.CLASSIC;

    private FakeGitHub(LoopbackTls tls) {
        this.server = LoopbackServer.start(this::handle, tls);
    }

    /** Starts a fake on 127.0.0.1 and a free port, over plain http. */
    public static FakeGitHub start() {
        return new FakeGitHub(null);
    }

    /**
     * Starts a fake served over https with {@code tls}'s certificate, for clients that insist on
     * https (the Terraform module's {@code github_api_url}); they must trust {@code tls}.
     */
    public static FakeGitHub startHttps(LoopbackTls tls) {
        return new FakeGitHub(java.util.Objects.requireNonNull(tls, "tls"));
    }

    /** Plays {@code https://api.github.com}, e.g. {@code http://127.0.0.1:PORT} or {@code https://...}, no trailing slash. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** Plays {@code https://HOST/api/v3}: the same API under the Enterprise Server prefix. */
    public String enterpriseBaseUrl() {
        return server.baseUrl() + ENTERPRISE_PREFIX;
    }

    /** The organization with this login, created (without runners) on first use. */
    public FakeOrganization organization(String login) {
        return organizations.computeIfAbsent(login.toLowerCase(Locale.ROOT),
                key -> new FakeOrganization(login, nextId.incrementAndGet()));
    }

    /** The workflow jobs of every organization: GitHub's truth for a job ledger. */
    public FakeJobs jobs() {
        return workflowJobs.jobs();
    }

    /** An organization webhook sending {@code workflow_job} deliveries of {@code organization}'s jobs to {@code url}. */
    public FakeHook organizationHook(String organization, long hookId, java.net.URI url, byte[] secret) {
        return hookSettings.register(workflowJobs.addHook(new FakeHook(hookId, organization, organization(organization).id(), null,
                null, url, secret, () -> clock.instant(), baseUrl())), url);
    }

    /** The webhook of the App {@code appId}, installed on {@code organization} as {@code installationId}. */
    public FakeHook appHook(long appId, long hookId, String organization, long installationId, java.net.URI url, byte[] secret) {
        return hookSettings.register(workflowJobs.addHook(new FakeHook(hookId, organization, organization(organization).id(), appId,
                installationId, url, secret, () -> clock.instant(), baseUrl())), url);
    }

    /** What GitHub reports of {@code hook}'s settings (active, events, content type, ...): change them to test a reader. */
    public HookSettings hookSettings(FakeHook hook) {
        return hookSettings.settings(hook);
    }

    /** Accepts {@code pat} as a classic personal access token with these OAuth scopes. */
    public FakeGitHub acceptToken(String pat, String... scopes) {
        credentials.put(pat, new Credential(Set.of(scopes), null, Map.of(), null));
        return this;
    }

    /** Accepts {@code token} as a fine-grained token for {@code organization} with these permissions. */
    public FakeGitHub acceptFineGrainedToken(String token, String organization, Map<String, String> permissions) {
        credentials.put(token, new Credential(null, organization, Map.copyOf(permissions), null));
        return this;
    }

    /** Registers a GitHub App whose JWTs are signed by the private half of {@code publicKey}. */
    public FakeGitHub registerApp(long appId, String clientId, PublicKey publicKey) {
        apps.put(appId, new AppJwtVerifier.App(appId, clientId, publicKey));
        return this;
    }

    /** Installs the App on {@code organization} with read access to self-hosted runners. */
    public FakeGitHub installApp(long appId, String organization, long installationId) {
        return installApp(appId, organization, installationId, Map.of(RUNNERS_PERMISSION, "read", "metadata", "read"));
    }

    /** Installs the App on {@code organization} with exactly these permissions. */
    public FakeGitHub installApp(long appId, String organization, long installationId, Map<String, String> permissions) {
        if (!apps.containsKey(appId)) {
            throw new IllegalArgumentException("register App " + appId + " before installing it");
        }
        organization(organization);
        installations.put(installationId, new Installation(installationId, appId, organization, Map.copyOf(permissions)));
        return this;
    }

    /**
     * Revokes every installation token minted so far (as GitHub does when the App is reinstalled or
     * suspended, or a token is revoked): requests with them are answered 401 from now on.
     */
    public FakeGitHub revokeInstallationTokens() {
        credentials.values().removeIf(credential -> credential.expiresAt() != null);
        return this;
    }

    /** Revokes this token (a personal access token or an installation token). */
    public FakeGitHub revokeToken(String token) {
        credentials.remove(token);
        return this;
    }

    /** How long minted installation tokens live; GitHub's is one hour. */
    public FakeGitHub tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /** The shape of the installation tokens minted from now on (default {@link InstallationTokenFormat#CLASSIC}). */
    public FakeGitHub installationTokenFormat(InstallationTokenFormat format) {
        this.installationTokenFormat = java.util.Objects.requireNonNull(format, "format");
        return this;
    }

    /** The clock for JWT checks, token expiry and rate-limit resets. */
    public FakeGitHub clock(Clock newClock) {
        this.clock = newClock;
        return this;
    }

    /** Sets the hourly primary rate limit (default 5000) and starts a fresh window. */
    public FakeGitHub rateLimit(int limit) {
        rateLimit.reset(limit);
        return this;
    }

    /**
     * Whether answers carry the {@code X-RateLimit-*} headers (default true). Without them the fake
     * plays a GitHub Enterprise Server whose rate limits are off, GHES's default ("Rate limits for
     * GitHub Apps": rate limits are disabled by default for GitHub Enterprise Server).
     */
    public FakeGitHub rateLimitHeaders(boolean sent) {
        this.rateLimitHeaders = sent;
        return this;
    }

    /** Adds this delay to every request; concurrent requests are delayed concurrently. */
    public FakeGitHub latency(Duration latency) {
        server.latency(latency);
        return this;
    }

    /** The faults to serve to coming requests. */
    public Faults faults() {
        return faults;
    }

    /** Every request received, in arrival order. */
    public List<RecordedRequest> requests() {
        return server.requests();
    }

    /** How many requests had a path starting with {@code pathPrefix} (as sent, prefix included). */
    public long requestCount(String pathPrefix) {
        return requests().stream().filter(request -> request.path().startsWith(pathPrefix)).count();
    }

    /** How many requests were answered 304 Not Modified (not counted against the rate limit). */
    public long notModifiedCount() {
        return notModified.get();
    }

    /** The most requests ever in flight at once since start or {@link #resetRequests()}. */
    public int maxConcurrentRequests() {
        return server.maxConcurrentRequests();
    }

    /** Forgets recorded requests, the 304 count, the concurrency high-water mark, JWT claims and minted tokens. */
    public void resetRequests() {
        server.resetRecords();
        notModified.set(0);
        jwtClaims.clear();
        mintedTokens.clear();
    }

    /** The claims of every accepted App JWT, in order. */
    public List<Map<String, Object>> jwtClaims() {
        return List.copyOf(jwtClaims);
    }

    /** Every installation token minted, in order. */
    public List<MintedToken> mintedTokens() {
        return List.copyOf(mintedTokens);
    }

    @Override
    public void close() {
        server.close();
    }

    private Reply handle(RecordedRequest request) {
        boolean enterprise = request.path().startsWith(ENTERPRISE_PREFIX + "/");
        String path = enterprise ? request.path().substring(ENTERPRISE_PREFIX.length()) : request.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Optional<Fault> fault = faults.take(path);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.SLOW_RESPONSE) {
            LoopbackServer.pause(fault.get().duration());
            fault = Optional.empty();
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.CONNECTION_RESET) {
            return Reply.connectionReset();
        }
        Instant now = clock.instant();
        if (path.equals("/rate_limit")) {
            return withCommonHeaders(GitHubJson.rateLimit(rateLimit.peek(now), now), rateLimit.peek(now));
        }
        if (rateLimit.exhausted(now)) {
            fault = Optional.of(Fault.primaryRateLimit(Duration.ofSeconds(rateLimit.peek(now).resetEpochSeconds() - now.getEpochSecond())));
        }
        RateLimit.Snapshot limits = rateLimit.consume(now);
        if (fault.isPresent() && fault.get().kind() != Fault.Kind.MALFORMED_JSON
                && fault.get().kind() != Fault.Kind.TRICKLED_BODY && !fault.get().altersLink()) {
            return faultReply(fault.get(), limits, now);
        }
        Reply reply = route(request, path, enterprise, now);
        if (reply.status() == 304) {
            notModified.incrementAndGet();
            limits = rateLimit.refund(now);
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.TRICKLED_BODY) {
            reply = reply.trickled(fault.get().duration());
        } else if (fault.isPresent() && fault.get().kind() == Fault.Kind.MALFORMED_JSON) {
            byte[] body = reply.body();
            reply = new Reply(200, reply.headers(), Arrays.copyOf(body, body.length / 2), false);
        } else if (fault.isPresent()) {
            reply = reply.withHeader("Link", brokenLink(fault.get().kind(), request));
        }
        return withCommonHeaders(reply, limits);
    }

    private Reply route(RecordedRequest request, String path, boolean enterprise, Instant now) {
        String method = request.method();
        Optional<Reply> jobsOrHooks = workflowJobs.route(request, path,
                asked -> bearer(asked).filter(token -> validToken(token, now)).map(credentials::get)
                        .map(given -> new WorkflowJobsApi.Grant(given.scopes(), given.organization(), given.permissions())),
                (asked, then) -> withApp(asked, now, app -> then.apply(app.appId())));
        if (jobsOrHooks.isPresent()) {
            return jobsOrHooks.get();
        }
        Optional<Reply> hookSettingsReply = hookSettings.route(request, path, enterprise ? enterpriseBaseUrl() : baseUrl(),
                asked -> bearer(asked).filter(token -> validToken(token, now)).map(credentials::get)
                        .map(given -> new WorkflowJobsApi.Grant(given.scopes(), given.organization(), given.permissions())),
                (asked, then) -> withApp(asked, now, app -> then.apply(app.appId())));
        if (hookSettingsReply.isPresent()) {
            return hookSettingsReply.get();
        }
        Matcher matcher;
        if (method.equals("GET") && (matcher = RUNNERS.matcher(path)).matches()) {
            return listRunners(request, matcher.group(1), null, enterprise, now);
        }
        if (method.equals("GET") && (matcher = GROUP_RUNNERS.matcher(path)).matches()) {
            return listRunners(request, matcher.group(1), Long.parseLong(matcher.group(2)), enterprise, now);
        }
        if (method.equals("GET") && (matcher = ORGANIZATION.matcher(path)).matches()) {
            return getOrganization(request, matcher.group(1), enterprise, now);
        }
        if (method.equals("GET") && path.equals("/app")) {
            return withApp(request, now, app -> hookSettings.withAppEvents(app.appId(),
                    GitHubJson.app(app, ownerOf(app), countInstallations(app))));
        }
        if (method.equals("GET") && (matcher = ORG_INSTALLATION.matcher(path)).matches()) {
            String org = matcher.group(1);
            return withApp(request, now, app -> installations.values().stream()
                    .filter(installation -> installation.appId() == app.appId() && installation.organization().equalsIgnoreCase(org))
                    .findFirst()
                    .map(installation -> installationReply(installation, enterprise))
                    .orElseGet(() -> notFound()));
        }
        if (method.equals("GET") && (matcher = INSTALLATION.matcher(path)).matches()) {
            long id = Long.parseLong(matcher.group(1));
            return withApp(request, now, app -> installationOf(app, id)
                    .map(installation -> installationReply(installation, enterprise))
                    .orElseGet(() -> notFound()));
        }
        if (method.equals("POST") && (matcher = ACCESS_TOKENS.matcher(path)).matches()) {
            long id = Long.parseLong(matcher.group(1));
            return withApp(request, now, app -> installationOf(app, id)
                    .map(installation -> mintToken(request, installation, now))
                    .orElseGet(() -> notFound()));
        }
        return notFound();
    }

    /** Public data, so no token is needed; a token that is sent must be valid. */
    private Reply getOrganization(RecordedRequest request, String login, boolean enterprise, Instant now) {
        Optional<String> token = bearer(request);
        if (token.isPresent() && !validToken(token.get(), now)) {
            return GitHubJson.error(401, "Bad credentials", GitHubJson.DOCS);
        }
        FakeOrganization org = organizations.get(login.toLowerCase(Locale.ROOT));
        if (org == null) {
            return notFound();
        }
        String base = enterprise ? enterpriseBaseUrl() : baseUrl();
        return Reply.json(200, GitHubJson.organization(org, base).toString());
    }

    private boolean validToken(String token, Instant now) {
        Credential credential = credentials.get(token);
        return credential != null && (credential.expiresAt() == null || now.isBefore(credential.expiresAt()));
    }

    /**
     * {@code GET /orgs/{org}/actions/runners}, or with {@code groupId} {@code GET
     * /orgs/{org}/actions/runner-groups/{id}/runners} ("List self-hosted runners in a group for an
     * organization": the same {@code total_count}/{@code runners} body, pages and permissions; 404
     * for a group the organization does not have).
     */
    private Reply listRunners(RecordedRequest request, String login, Long groupId, boolean enterprise, Instant now) {
        Optional<String> token = bearer(request);
        if (token.isEmpty()) {
            return GitHubJson.error(401, "Requires authentication", GitHubJson.RUNNERS_DOCS);
        }
        if (!validToken(token.get(), now)) {
            return GitHubJson.error(401, "Bad credentials", GitHubJson.DOCS);
        }
        Credential credential = credentials.get(token.get());
        FakeOrganization org = organizations.get(login.toLowerCase(Locale.ROOT));
        if (org == null) {
            return notFound();
        }
        if (credential.classic()) {
            if (credential.scopes().stream().noneMatch(CLASSIC_RUNNER_SCOPES::contains)) {
                return withScopes(credential, GitHubJson.error(403, "Must have admin rights to Repository.", GitHubJson.RUNNERS_DOCS))
                        .withHeader("X-Accepted-OAuth-Scopes", "admin:org, manage_runners:org");
            }
        } else if (!credential.organization().equalsIgnoreCase(login)
                || !Set.of("read", "write").contains(credential.permissions().getOrDefault(RUNNERS_PERMISSION, ""))) {
            return missingPermission();
        }
        int perPage = intParameter(request, "per_page", 30);
        perPage = perPage < 1 ? 30 : Math.min(perPage, 100);
        int page = Math.max(1, intParameter(request, "page", 1));
        if (groupId != null && !org.hasRunnerGroup(groupId)) {
            return notFound();
        }
        FakeOrganization.RunnerPage runners = groupId == null ? org.page(page, perPage) : org.groupPage(groupId, page, perPage);
        Reply reply = GitHubJson.runnersPage(runners.totalCount(), runners.runners(), this::labelId);
        String etag = EntityTag.of(reply.body());
        if (EntityTag.matches(request.header("If-None-Match"), etag)) {
            org.pageServed(page);
            Reply notModified = new Reply(304, Map.of(), new byte[0], false).withHeader("ETag", etag);
            return credential.classic() ? withScopes(credential, notModified) : notModified;
        }
        reply = reply.withHeader("ETag", etag);
        String link = linkHeader(request, enterprise, page, perPage, runners.totalCount());
        if (!link.isEmpty()) {
            reply = reply.withHeader("Link", link);
        }
        org.pageServed(page);
        return credential.classic() ? withScopes(credential, reply) : reply;
    }

    /** GitHub's order: prev, next, last, first; per_page kept only when the client sent it. */
    private String linkHeader(RecordedRequest request, boolean enterprise, int page, int perPage, int total) {
        int lastPage = Math.max(1, (total + perPage - 1) / perPage);
        String base = server.baseUrl() + request.path() + "?"
                + (request.queryParameter("per_page").isPresent() ? "per_page=" + perPage + "&" : "") + "page=";
        StringBuilder link = new StringBuilder();
        if (page > 1) {
            append(link, base + Math.min(page - 1, lastPage), "prev");
        }
        if (page < lastPage) {
            append(link, base + (page + 1), "next");
            append(link, base + lastPage, "last");
        }
        if (page > 1) {
            append(link, base + 1, "first");
        }
        return link.toString();
    }

    private static void append(StringBuilder link, String url, String rel) {
        if (!link.isEmpty()) {
            link.append(", ");
        }
        link.append('<').append(url).append(">; rel=\"").append(rel).append('"');
    }

    /**
     * A personal access token made up for one run, in GitHub's format ({@code ghp_} and 36 letters
     * and digits), for {@link #acceptToken}: random, so that a test can look for it in what must
     * not hold it.
     */
    public static String newPersonalAccessToken() {
        return randomToken("ghp_");
    }

    /** {@code prefix} and 36 random letters and digits, GitHub's classic token shape. */
    static String randomToken(String prefix) {
        StringBuilder token = new StringBuilder(prefix);
        for (int i = 0; i < 36; i++) {
            token.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return token.toString();
    }

    private Reply mintToken(RecordedRequest request, Installation installation, Instant now) {
        Map<String, String> requested;
        try {
            JsonNode body = request.body().isBlank() ? null : Json.MAPPER.readTree(request.body());
            requested = Json.stringMap(body == null ? null : body.get("permissions"));
        } catch (Exception e) {
            return GitHubJson.error(400, "Problems parsing JSON", GitHubJson.DOCS);
        }
        for (Map.Entry<String, String> asked : requested.entrySet()) {
            String granted = installation.permissions().get(asked.getKey());
            if (granted == null || level(asked.getValue()) > level(granted)) {
                return GitHubJson.error(422, "The permissions requested are not granted to this installation.",
                        GitHubJson.DOCS + "/apps/apps#create-an-installation-access-token-for-an-app");
            }
        }
        return Reply.json(201, GitHubJson.accessToken(mint(installation, requested, now)).toString());
    }

    /**
     * An installation token for {@code installationId} with all its permissions, minted as
     * {@code POST /app/installations/{id}/access_tokens} mints one: for a test that starts with a
     * token, as ListRunners does.
     */
    public String mintInstallationToken(long installationId) {
        Installation installation = installations.get(installationId);
        if (installation == null) {
            throw new IllegalArgumentException("install an App as " + installationId + " first");
        }
        return mint(installation, Map.of(), clock.instant()).token();
    }

    private MintedToken mint(Installation installation, Map<String, String> requested, Instant now) {
        Map<String, String> granted = requested.isEmpty() ? installation.permissions() : requested;
        Instant expiresAt = now.plus(tokenLifetime);
        MintedToken minted = new MintedToken(installationTokenFormat.mint(installation.appId(), installation.id(), expiresAt),
                installation.appId(), installation.id(), installation.organization(), requested, granted, expiresAt);
        credentials.put(minted.token(), new Credential(null, installation.organization(), minted.grantedPermissions(), expiresAt));
        mintedTokens.add(minted);
        return minted;
    }

    private static int level(String access) {
        return switch (access) {
            case "read" -> 1;
            case "write" -> 2;
            case "admin" -> 3;
            default -> Integer.MAX_VALUE;
        };
    }

    private Reply withApp(RecordedRequest request, Instant now, java.util.function.Function<AppJwtVerifier.App, Reply> then) {
        Optional<String> token = bearer(request);
        if (token.isEmpty()) {
            return GitHubJson.error(401, "A JSON web token could not be decoded", GitHubJson.DOCS);
        }
        AppJwtVerifier.Outcome outcome = AppJwtVerifier.verify(token.get(), now, this::appByIssuer);
        if (!outcome.accepted()) {
            return GitHubJson.error(401, outcome.refusal(), GitHubJson.DOCS);
        }
        jwtClaims.add(outcome.claims());
        return then.apply(outcome.app());
    }

    private AppJwtVerifier.App appByIssuer(String issuer) {
        return apps.values().stream()
                .filter(app -> Long.toString(app.appId()).equals(issuer) || issuer.equals(app.clientId()))
                .findFirst()
                .orElse(null);
    }

    private Optional<Installation> installationOf(AppJwtVerifier.App app, long installationId) {
        return Optional.ofNullable(installations.get(installationId)).filter(installation -> installation.appId() == app.appId());
    }

    private Reply installationReply(Installation installation, boolean enterprise) {
        long accountId = organization(installation.organization()).id();
        String base = enterprise ? enterpriseBaseUrl() : baseUrl();
        return Reply.json(200, GitHubJson.installation(installation, accountId, base).toString());
    }

    private String ownerOf(AppJwtVerifier.App app) {
        return installations.values().stream()
                .filter(installation -> installation.appId() == app.appId())
                .map(Installation::organization)
                .findFirst()
                .orElse("fake-owner");
    }

    private int countInstallations(AppJwtVerifier.App app) {
        return (int) installations.values().stream().filter(installation -> installation.appId() == app.appId()).count();
    }

    private long labelId(String label) {
        return labelIds.computeIfAbsent(label, name -> nextLabelId.incrementAndGet());
    }

    /** A {@code Link} header broken as {@code kind} says, for the page {@code request} asked for. */
    private String brokenLink(Fault.Kind kind, RecordedRequest request) {
        int page = Math.max(1, intParameter(request, "page", 1));
        String path = server.baseUrl() + request.path();
        String base = path + "?per_page=" + intParameter(request, "per_page", 30) + "&page=";
        StringBuilder link = new StringBuilder();
        switch (kind) {
            case LINK_LAST_PAGE_OVERFLOW -> {
                append(link, base + (page + 1), "next");
                append(link, base + 3_000_000_000L, "last");
            }
            case LINK_NEXT_WITHOUT_QUERY -> {
                append(link, path, "next");
                append(link, base + (page + 1), "last");
            }
            case LINK_NEXT_BACKWARDS -> {
                append(link, base + Math.max(1, page - 1), "next");
                append(link, base + (page + 1), "last");
            }
            case LINK_LAST_BEYOND_TOTAL -> {
                append(link, base + (page + 1), "next");
                append(link, base + (page + 1000), "last");
            }
            case LINK_NEXT_OTHER_HOST -> {
                String elsewhere = base.replaceFirst("^(https?)://127\\.0\\.0\\.1:", "$1://localhost:");
                append(link, elsewhere + (page + 1), "next");
                append(link, elsewhere + (page + 1), "last");
            }
            default -> throw new IllegalArgumentException(kind + " does not alter the Link header");
        }
        return link.toString();
    }

    private Reply faultReply(Fault fault, RateLimit.Snapshot limits, Instant now) {
        return switch (fault.kind()) {
            case PRIMARY_RATE_LIMIT -> withCommonHeaders(
                    GitHubJson.error(fault.status(), "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID " + UUID.randomUUID() + ".",
                            GitHubJson.DOCS + "/overview/rate-limits-for-the-rest-api"),
                    new RateLimit.Snapshot(limits.limit(), limits.limit(), now.plus(fault.duration()).getEpochSecond()));
            case SECONDARY_RATE_LIMIT -> withCommonHeaders(
                    GitHubJson.error(fault.status(), "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID " + UUID.randomUUID() + ".",
                            GitHubJson.DOCS + "/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"),
                    limits).withHeader("Retry-After", Long.toString(fault.duration().toSeconds()));
            case SECONDARY_RATE_LIMIT_HTTP_DATE -> withCommonHeaders(secondaryLimit(fault.status()), limits)
                    .withHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            now.plus(fault.duration()).plusMillis(999).truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)));
            case SECONDARY_RATE_LIMIT_WITHOUT_RETRY_AFTER -> withCommonHeaders(secondaryLimit(fault.status()), limits);
            case BARE_TOO_MANY_REQUESTS -> new Reply(429, Map.of(), new byte[0], false);
            case REQUEST_TIMEOUT -> withCommonHeaders(Reply.json(408, "{\"message\":\"Request Timeout\"}"), limits);
            case SERVER_ERROR -> withCommonHeaders(Reply.json(fault.status(), "{\"message\":\"Server Error\"}"), limits);
            case BAD_CREDENTIALS -> withCommonHeaders(GitHubJson.error(401, "Bad credentials", GitHubJson.DOCS), limits);
            case MISSING_PERMISSION -> withCommonHeaders(missingPermission(), limits);
            case NOT_FOUND -> withCommonHeaders(notFound(), limits);
            case SLOW_RESPONSE, CONNECTION_RESET, MALFORMED_JSON, TRICKLED_BODY, LINK_LAST_PAGE_OVERFLOW, LINK_NEXT_WITHOUT_QUERY,
                    LINK_NEXT_BACKWARDS, LINK_LAST_BEYOND_TOTAL, LINK_NEXT_OTHER_HOST -> throw new IllegalStateException("handled before: " + fault);
        };
    }

    private static Reply secondaryLimit(int status) {
        return GitHubJson.error(status, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                GitHubJson.DOCS + "/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits");
    }

    private static Reply missingPermission() {
        return GitHubJson.error(403, "Resource not accessible by integration", GitHubJson.RUNNERS_DOCS)
                .withHeader("X-Accepted-GitHub-Permissions", RUNNERS_PERMISSION + "=read");
    }

    private static Reply notFound() {
        return GitHubJson.error(404, "Not Found", GitHubJson.DOCS);
    }

    private static Reply withScopes(Credential credential, Reply reply) {
        return reply.withHeader("X-OAuth-Scopes", String.join(", ", credential.scopes().stream().sorted().toList()));
    }

    private Reply withCommonHeaders(Reply reply, RateLimit.Snapshot limits) {
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("X-GitHub-Api-Version-Selected", "2022-11-28");
        headers.put("X-GitHub-Media-Type", "github.v3; format=json");
        headers.put("X-GitHub-Request-Id", UUID.randomUUID().toString().toUpperCase(Locale.ROOT));
        if (!rateLimitHeaders) {
            return new Reply(reply.status(), headers, reply.body(), reply.resetConnection(), reply.trickle());
        }
        headers.put("X-RateLimit-Limit", Integer.toString(limits.limit()));
        headers.put("X-RateLimit-Remaining", Integer.toString(limits.remaining()));
        headers.put("X-RateLimit-Used", Integer.toString(limits.used()));
        headers.put("X-RateLimit-Reset", Long.toString(limits.resetEpochSeconds()));
        headers.put("X-RateLimit-Resource", "core");
        return new Reply(reply.status(), headers, reply.body(), reply.resetConnection(), reply.trickle());
    }

    private static Optional<String> bearer(RecordedRequest request) {
        return request.header("Authorization").flatMap(value -> {
            String[] parts = value.trim().split("\\s+", 2);
            if (parts.length == 2 && (parts[0].equalsIgnoreCase("Bearer") || parts[0].equalsIgnoreCase("token"))) {
                return Optional.of(parts[1].trim());
            }
            return Optional.empty();
        });
    }

    private static int intParameter(RecordedRequest request, String name, int fallback) {
        try {
            return request.queryParameter(name).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
