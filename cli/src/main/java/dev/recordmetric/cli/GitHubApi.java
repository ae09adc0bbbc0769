package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.Json;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.RecordMetricException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;

/**
 * The few GitHub REST calls the tool makes itself (the workflow's own calls are the handlers'),
 * through the functions' {@link GitHubClient}: the same bound, pagination, origin check and named errors.
 */
final class GitHubApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** What a listing of every page may take in all; each request still gets at most {@link #TIMEOUT}. */
    private static final Duration LISTING_TIMEOUT = Duration.ofMinutes(5);

    private final Clock clock = Clock.systemUTC();
    private final GitHubClient github;

    GitHubApi(URI apiUrl) {
        this.github = new GitHubClient(apiUrl, clock);
    }

    /**
     * Asks {@code GET /rate_limit} without credentials: is anything answering at the API URL?
     *
     * @throws CliException when nothing answers, or something that is not the GitHub API does
     */
    JsonNode probe() {
        GitHubClient.Response response;
        try {
            response = github.send(new GitHubClient.Request("GET", url("/rate_limit"), GitHubClient.apiHeaders(null), null),
                    TIMEOUT);
        } catch (IOException e) {
            throw new CliException("cannot reach the GitHub API at " + github.apiUrl() + " (" + why(e) + "): check"
                    + " --github-api-url (GitHub Enterprise Server: https://HOST/api/v3) and the network");
        }
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            if (response.status() == 200 && body != null && body.has("resources")) {
                return body;
            }
        } catch (IOException | RuntimeException notJson) {
            // below
        }
        throw new CliException("the server at " + github.apiUrl() + " answered GET /rate_limit with HTTP " + response.status()
                + " but not as the GitHub API does: check --github-api-url (GitHub Enterprise Server: https://HOST/api/v3)");
    }

    private static String why(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.UnknownHostException || e.getCause() instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within the timeout";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failed: " + e.getMessage();
        }
        return e.getMessage() == null ? "I/O failure" : e.getMessage();
    }

    /**
     * {@code GET path} with the token GetToken just produced.
     *
     * @param what what the request is for, in the functions' wording ("listing the runners of …")
     * @throws RecordMetricException the named error for a failed answer or no answer
     */
    GitHubClient.Response get(String path, String token, String what) {
        return github.get(url(path), token, what, true, InvocationBudget.lasting(TIMEOUT, clock));
    }

    /** Every page of a list, following GitHub's {@code rel="next"} links. */
    Iterator<GitHubClient.Response> pages(String path, String token, String what) {
        return github.pages(url(path), token, what, true, InvocationBudget.lasting(LISTING_TIMEOUT, clock));
    }

    /**
     * {@code GET url} (the API's own origin only) with {@code token}, whatever the status: for callers
     * that explain a refusal themselves (the webhook checks name the scope or permission they lack).
     *
     * @throws RecordMetricException when no answer arrived, or {@code url} is not the API's origin
     */
    GitHubClient.Response getAnyStatus(URI url, String token, String what) {
        dev.recordmetric.common.SameOrigin.require(github.apiUrl(), url);
        try {
            return github.send(new GitHubClient.Request("GET", url, GitHubClient.apiHeaders(token), null), TIMEOUT);
        } catch (IOException e) {
            throw github.errors().fromIoFailure(what, e);
        }
    }

    URI resolve(String path) {
        return url(path);
    }

    /** A GitHub answer's JSON body. */
    static JsonNode json(GitHubClient.Response response, String what) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new MalformedResponseException("GitHub's answer to " + what + " is not JSON.");
        }
    }

    private URI url(String path) {
        return URI.create(github.apiUrl() + path);
    }
}
