package dev.recordmetric.gettoken;

import dev.recordmetric.common.AwsClients;
import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.common.GitHubErrors;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.errors.InvalidConfigurationException;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.RecordMetricException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.kohsuke.github.GHAppInstallation;
import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Installation tokens of a GitHub App, minted with github-api and kept across warm invocations
 * while they have more than {@link #MIN_REMAINING} left: about one mint an hour instead of one a
 * minute. A refresh (ListRunners' token was rejected) mints a new one whatever the cache holds.
 * Every request goes through the instance's {@link GitHubClient} ({@link ClientConnector}), bounded
 * by the invocation's time left, after the client's rate-limit gate. Not thread-safe; Lambda runs
 * one invocation per instance at a time.
 */
final class AppInstallationTokens implements TokenSource {

    static final Duration MIN_REMAINING = Duration.ofMinutes(10);
    /** GitHub rejects a JWT that expires more than 10 minutes after it was issued. */
    private static final Duration JWT_BACKDATE = Duration.ofSeconds(60);
    private static final Duration JWT_LIFETIME = Duration.ofMinutes(9);
    /** GitHub App keys: GitHub generates 2048-bit RSA keys; jjwt refuses RS256 with fewer bits. */
    static final int MIN_KEY_BITS = 2048;
    /** GET /app, GET /orgs/{org}/installation, POST /app/installations/{id}/access_tokens. */
    private static final int REQUESTS_PER_MINT = 3;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final CredentialsSecret secret;
    private final String appId;
    private final String organization;
    private final GitHubClient github;
    private final Clock clock;
    private final GitHubErrors errors;
    /** One token per permission set: the same instance serves the runner count and the repairs. */
    private final Map<Map<String, String>, GitHubToken> cached = new HashMap<>();

    AppInstallationTokens(CredentialsSecret secret, String appId, String organization, GitHubClient github, Clock clock) {
        this.secret = secret;
        this.appId = appId;
        this.organization = organization;
        this.github = github;
        this.clock = clock;
        this.errors = github.errors();
    }

    @Override
    public GitHubToken token(boolean refresh, Map<String, String> permissions, InvocationBudget budget) {
        GitHubToken held = cached.get(permissions);
        if (!refresh && held != null && held.expiresAt().orElseThrow().minus(MIN_REMAINING).isAfter(clock.instant())) {
            return held.reused();
        }
        cached.remove(permissions);
        GitHubToken minted = mint(permissions, budget);
        cached.put(permissions, minted);
        return minted;
    }

    /** A JWT of {@link #JWT_LIFETIME}: the repairs' run ends well within it. The key is read anew, as for a mint. */
    @Override
    public String appJwt(InvocationBudget budget) {
        return jwt(privateKey(budget));
    }

    private PrivateKey privateKey(InvocationBudget budget) {
        return PrivateKeys.parse(secret.read(budget.bound(AwsClients.API_CALL_TIMEOUT,
                "reading the credentials secret")), "Secret " + secret.arn());
    }

    private GitHubToken mint(Map<String, String> permissions, InvocationBudget budget) {
        github.checkGate();
        PrivateKey key = privateKey(budget);
        String step = "GET /app (authenticating as GitHub App " + appId + ")";
        try {
            GitHub app = failFast(new GitHubBuilder()
                    .withEndpoint(github.apiUrl().toString())
                    .withConnector(new ClientConnector(github, () -> budget.bound(REQUEST_TIMEOUT, "minting an App token")))
                    .withJwtToken(jwt(key)))
                    .build();
            var theApp = app.getApp();
            step = "GET /orgs/" + organization + "/installation (finding GitHub App " + appId
                    + "'s installation; is the App installed on the organization?)";
            GHAppInstallation installation = theApp.getInstallationByOrganization(organization);
            step = "POST /app/installations/" + installation.getId() + "/access_tokens (creating an installation token)";
            GHAppInstallationToken token = installation.createToken()
                    .permissions(TokenPermissions.asGitHubApi(permissions))
                    .create();
            return new GitHubToken(token.getToken(), Optional.of(expiry(token)), false, REQUESTS_PER_MINT, github.lastRateLimit());
        } catch (GHFileNotFoundException e) {
            throw errors.fromResponse(step, 404, headers(e::getResponseHeaderFields), e.getMessage());
        } catch (HttpException e) {
            if (e.getCause() instanceof RecordMetricException named) {
                throw named;
            }
            if (e.getResponseCode() <= 0) {
                // No complete response: the connection failed, or a 200's body could not be read as JSON.
                if (e.getCause() instanceof JsonProcessingException json) {
                    throw malformed(step, json);
                }
                throw errors.fromIoFailure(step, e.getCause() instanceof IOException io ? io : e);
            }
            throw errors.fromResponse(step, e.getResponseCode(), headers(e::getResponseHeaderFields), e.getMessage());
        } catch (JsonProcessingException e) {
            throw malformed(step, e);
        } catch (IOException e) {
            if (e.getCause() instanceof RecordMetricException named) {
                throw named;
            }
            throw errors.fromIoFailure(step, e);
        }
    }

    private static MalformedResponseException malformed(String step, JsonProcessingException e) {
        return new MalformedResponseException("GitHub's answer to " + step + " is not the documented JSON ("
                + e.getOriginalMessage() + ").");
    }

    /**
     * An exception's response headers, or none: github-api 1.330's getter throws a
     * NullPointerException when the exception has no headers (status -1, no response).
     */
    private static Map<String, List<String>> headers(Supplier<Map<String, List<String>>> getter) {
        try {
            Map<String, List<String>> headers = getter.get();
            return headers == null ? Map.of() : headers;
        } catch (NullPointerException noHeaders) {
            return Map.of();
        }
    }

    private String jwt(PrivateKey key) {
        Instant now = clock.instant();
        try {
            return Jwts.builder()
                    .issuer(appId)
                    .issuedAt(Date.from(now.minus(JWT_BACKDATE)))
                    .expiration(Date.from(now.plus(JWT_LIFETIME)))
                    .signWith(key, Jwts.SIG.RS256)
                    .compact();
        } catch (JwtException e) {
            throw new InvalidConfigurationException("Secret " + secret.arn() + " holds a private key that cannot sign a"
                    + " GitHub App JWT with RS256 (" + e.getClass().getSimpleName() + "): GitHub App keys are RSA keys of "
                    + MIN_KEY_BITS + " bits or more; generate a new private key for the App and store the .pem file.");
        }
    }

    /** Rate limits fail the request at once with a named error: the state machine waits, never the function. */
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
            body = stream == null ? "" : new String(stream.readNBytes(4096), StandardCharsets.UTF_8);
        }
        String request = response.request().method() + " " + response.request().url().getPath()
                + " (minting a GitHub App installation token)";
        return errors.fromResponse(request, response.statusCode(), response.allHeaders(), body);
    }

    private static Instant expiry(GHAppInstallationToken token) throws IOException {
        Date expiresAt = token.getExpiresAt();
        if (expiresAt == null) {
            throw new MalformedResponseException("GitHub's installation token has no expires_at.");
        }
        return expiresAt.toInstant();
    }
}
