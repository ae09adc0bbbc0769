package dev.recordmetric.gettoken;

import dev.recordmetric.common.GitHubClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's transport for the App token mint: {@link GitHubClient#send}, each request bounded as
 * a whole by the time the invocation has left. github-api's own {@code HttpClientGitHubConnector}
 * (1.330) sets no request timeout, and the {@code HttpConnector}-based timeouts
 * ({@code ImpatientHttpConnector}) are deprecated; {@link GitHubConnector} is its extension point
 * for transports.
 */
final class ClientConnector implements GitHubConnector {

    private final GitHubClient github;
    private final Supplier<Duration> timeLeft;

    /** @param timeLeft each request's bound; throws (a named error) when no time is left */
    ClientConnector(GitHubClient github, Supplier<Duration> timeLeft) {
        this.github = github;
        this.timeLeft = timeLeft;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        Duration timeout = timeLeft.get();
        byte[] body = null;
        if (request.hasBody()) {
            try (InputStream in = request.body()) {
                body = in.readAllBytes();
            }
        }
        GitHubClient.Response response;
        try {
            response = github.send(new GitHubClient.Request(request.method(), request.url().toURI(), request.allHeaders(),
                    body), timeout);
        } catch (SocketTimeoutException e) {
            // Not a SocketTimeoutException, which github-api would retry: the time was the
            // invocation's, and the state machine retries.
            throw new HttpTimeoutException(e.getMessage());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("github-api asked for a URL that is not a URI: " + e.getMessage(), e);
        }
        return new Response(request, response);
    }

    private static final class Response extends GitHubConnectorResponse.ByteArrayResponse {
        private final byte[] body;

        Response(GitHubConnectorRequest request, GitHubClient.Response response) {
            super(request, response.status(), response.headers());
            this.body = response.body();
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body);
        }
    }
}
