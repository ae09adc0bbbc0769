package dev.recordmetric.gettoken;

import dev.recordmetric.common.RateLimitBudget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's transport for the App token mint, every request bounded as a whole (connecting,
 * the status line, the body) by the time the invocation has left. github-api's own
 * {@code HttpClientGitHubConnector} (1.330) sets no request timeout and its {@code HttpClient}
 * bounds only connecting, so a stalled GitHub held the mint until the task timed out; the
 * {@code HttpConnector}-based timeouts ({@code ImpatientHttpConnector}) are deprecated. This is
 * github-api's extension point for transports, {@link GitHubConnector}, on the JDK's
 * {@link HttpClient}, without redirects (the App endpoints do not redirect; a redirect surfaces as
 * an unexpected status). A body cut short fails as an {@link IOException}.
 */
final class BoundedGitHubConnector implements GitHubConnector {

    /** Built once per instance: its set-up is the slow part. */
    private static final class Client {
        static final HttpClient INSTANCE = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    private final Supplier<Duration> timeLeft;
    private final AtomicReference<RateLimitBudget> lastBudget;

    /**
     * @param timeLeft each request's bound; throws (a named error) when no time is left
     * @param lastBudget receives the rate-limit headers of each response
     */
    BoundedGitHubConnector(Supplier<Duration> timeLeft, AtomicReference<RateLimitBudget> lastBudget) {
        this.timeLeft = timeLeft;
        this.lastBudget = lastBudget;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        Duration timeout = timeLeft.get();
        HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(timeout);
        try {
            builder.uri(request.url().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("Invalid URL", e);
        }
        request.allHeaders().forEach((name, values) -> {
            if (values != null) {
                builder.header(name, String.join(", ", values));
            }
        });
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (request.hasBody()) {
            try (InputStream in = request.body()) {
                body = HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes());
            }
        }
        builder.method(request.method(), body);
        CompletableFuture<HttpResponse<byte[]>> sent =
                Client.INSTANCE.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new HttpTimeoutException("no complete answer to " + request.method() + " " + request.url().getPath()
                    + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (InterruptedIOException) new InterruptedIOException("interrupted").initCause(e);
        }
        Map<String, List<String>> headers = response.headers().map();
        lastBudget.set(RateLimitBudget.from(headers));
        return new Response(request, response.statusCode(), headers, response.body());
    }

    private static final class Response extends GitHubConnectorResponse.ByteArrayResponse {
        private final byte[] body;

        Response(GitHubConnectorRequest request, int status, Map<String, List<String>> headers, byte[] body) {
            super(request, status, headers);
            this.body = body;
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body);
        }
    }
}
