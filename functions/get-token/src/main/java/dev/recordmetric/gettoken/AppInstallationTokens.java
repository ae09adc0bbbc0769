package dev.recordmetric.gettoken;

import dev.recordmetric.common.GitHubErrors;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.RecordMetricException;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Installation tokens of a GitHub App, minted with github-api and kept across warm invocations
 * while they have more than {@link #MIN_REMAINING} left: about one mint an hour instead of one a
 * minute. Not thread-safe; Lambda runs one invocation per instance at a time.
 */
final class AppInstallationTokens implements TokenSource {

    static final Duration MIN_REMAINING = Duration.ofMinutes(10);
    static final String RUNNERS_PERMISSION = "organization_self_hosted_runners";
    /** GitHub rejects a JWT that expires more than 10 minutes after it was issued. */
    private static final Duration JWT_BACKDATE = Duration.ofSeconds(60);
    private static final Duration JWT_LIFETIME = Duration.ofMinutes(9);
    /** GET /app, GET /orgs/{org}/installation, POST /app/installations/{id}/access_tokens. */
    private static final int REQUESTS_PER_MINT = 3;

    private final CredentialsSecret secret;
    private final String appId;
    private final String organization;
    private final URI apiUrl;
    private final Clock clock;
    private final GitHubErrors errors;
    private GitHubToken cached;

    AppInstallationTokens(CredentialsSecret secret, String appId, String organization, URI apiUrl, Clock clock) {
        this.secret = secret;
        this.appId = appId;
        this.organization = organization;
        this.apiUrl = apiUrl;
        this.clock = clock;
        this.errors = new GitHubErrors(clock);
    }

    @Override
    public GitHubToken token() {
        if (cached != null && cached.expiresAt().orElseThrow().minus(MIN_REMAINING).isAfter(clock.instant())) {
            return cached.reused();
        }
        cached = mint();
        return cached;
    }

    private GitHubToken mint() {
        PrivateKey key = PrivateKeys.parse(secret.read(), "Secret " + secret.arn());
        String step = "authenticating as GitHub App " + appId;
        try {
            GitHub app = failFast(new GitHubBuilder().withEndpoint(apiUrl.toString()).withJwtToken(jwt(key))).build();
            step = "finding GitHub App " + appId + "'s installation on organization " + organization;
            var installation = app.getApp().getInstallationByOrganization(organization);
            step = "creating an installation token for organization " + organization;
            GHAppInstallationToken token = installation.createToken()
                    .permissions(Map.of(RUNNERS_PERMISSION, GHPermissionType.READ))
                    .create();
            return new GitHubToken(token.getToken(), Optional.of(expiry(token)), false, REQUESTS_PER_MINT);
        } catch (GHFileNotFoundException e) {
            throw errors.fromResponse(step + " (is the App installed on the organization?)", 404,
                    e.getResponseHeaderFields() == null ? Map.of() : e.getResponseHeaderFields(), e.getMessage());
        } catch (HttpException e) {
            throw errors.fromResponse(step, e.getResponseCode(),
                    e.getResponseHeaderFields() == null ? Map.of() : e.getResponseHeaderFields(), e.getMessage());
        } catch (IOException e) {
            throw errors.fromIoFailure(step, e);
        }
    }

    private String jwt(PrivateKey key) {
        Instant now = clock.instant();
        return Jwts.builder()
                .issuer(appId)
                .issuedAt(Date.from(now.minus(JWT_BACKDATE)))
                .expiration(Date.from(now.plus(JWT_LIFETIME)))
                .signWith(key, Jwts.SIG.RS256)
                .compact();
    }

    /** Rate limits fail the invocation at once with a named error: the state machine retries, never the function. */
    private GitHubBuilder failFast(GitHubBuilder builder) {
        return builder
                .withRateLimitHandler(new GitHubRateLimitHandler() {
                    @Override
                    public void onError(GitHubConnectorResponse response) throws IOException {
                        throw rejected(response);
                    }
                })
                .withAbuseLimitHandler(new GitHubAbuseLimitHandler() {
                    @Override
                    public void onError(GitHubConnectorResponse response) throws IOException {
                        throw rejected(response);
                    }
                });
    }

    private RecordMetricException rejected(GitHubConnectorResponse response) throws IOException {
        String body;
        try (var stream = response.bodyStream()) {
            body = stream == null ? "" : new String(stream.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
        }
        return errors.fromResponse("minting a GitHub App installation token", response.statusCode(),
                response.allHeaders(), body);
    }

    private static Instant expiry(GHAppInstallationToken token) throws IOException {
        Date expiresAt = token.getExpiresAt();
        if (expiresAt == null) {
            throw new MalformedResponseException("GitHub's installation token has no expires_at.");
        }
        return expiresAt.toInstant();
    }
}
