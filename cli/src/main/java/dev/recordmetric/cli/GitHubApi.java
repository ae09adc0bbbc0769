package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.GitHubErrors;
import dev.recordmetric.common.SameOrigin;
import dev.recordmetric.errors.RecordMetricException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few GitHub REST calls the tool makes itself (the workflow's own calls are the handlers').
 * Failed responses become the functions' named errors through {@link GitHubErrors}.
 */
final class GitHubApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A 2xx answer. */
    record Answer(int status, Map<String, List<String>> headers, JsonNode body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().getFirst())
                    .findFirst();
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI apiUrl;
    private final GitHubErrors errors = new GitHubErrors(Clock.systemUTC());

    GitHubApi(URI apiUrl) {
        this.apiUrl = apiUrl;
    }

    /**
     * Asks {@code GET /rate_limit} without credentials: is anything answering at the API URL?
     *
     * @throws CliException when nothing answers, or something that is not the GitHub API does
     */
    JsonNode probe() {
        HttpResponse<String> response;
        try {
            response = http.send(request("/rate_limit", null).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException("cannot reach the GitHub API at " + apiUrl + " (" + why(e) + "): check --github-api-url"
                    + " (GitHub Enterprise Server: https://HOST/api/v3) and the network");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while reaching " + apiUrl);
        }
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            if (response.statusCode() == 200 && body != null && body.has("resources")) {
                return body;
            }
        } catch (IOException | RuntimeException notJson) {
            // below
        }
        throw new CliException("the server at " + apiUrl + " answered GET /rate_limit with HTTP " + response.statusCode()
                + " but not as the GitHub API does: check --github-api-url (GitHub Enterprise Server: https://HOST/api/v3)");
    }

    private static String why(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.UnknownHostException || e.getCause() instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within the timeout";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failed: " + e.getMessage();
        }
        return e.getMessage() == null ? "I/O failure" : e.getMessage();
    }

    /**
     * {@code GET path} with the token.
     *
     * @param what what the request is for, in the functions' wording ("listing the runners of …")
     * @throws RecordMetricException the named error for a failed answer or no answer
     */
    Answer get(String pathOrUrl, String token, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request(pathOrUrl, token).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw errors.fromIoFailure(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while " + what);
        }
        if (response.statusCode() / 100 != 2) {
            throw errors.fromResponse(what, response.statusCode(), response.headers().map(), response.body());
        }
        try {
            return new Answer(response.statusCode(), response.headers().map(), Json.MAPPER.readTree(response.body()));
        } catch (IOException e) {
            throw new dev.recordmetric.errors.MalformedResponseException("GitHub's answer to " + what + " is not JSON.");
        }
    }

    private HttpRequest.Builder request(String pathOrUrl, String token) {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(apiUrl + pathOrUrl);
        if (token != null) {
            SameOrigin.require(apiUrl, uri);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "record-metric-cli");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.GET();
    }

    /** The {@code rel="next"} URL of a Link header. */
    static Optional<String> nextLink(Optional<String> link) {
        if (link.isEmpty()) {
            return Optional.empty();
        }
        for (String part : link.get().split(",")) {
            String[] pieces = part.split(";");
            if (pieces.length >= 2 && pieces[1].replace(" ", "").equals("rel=\"next\"")) {
                String url = pieces[0].trim();
                return Optional.of(url.substring(1, url.length() - 1));
            }
        }
        return Optional.empty();
    }
}
