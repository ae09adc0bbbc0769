package dev.recordmetric.gettoken;

import dev.recordmetric.common.GitHubRateLimit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's transport for the App token mint, every request bounded as a whole (connecting,
 * the status line, the body) by the time the invocation has left: at that deadline the connection
 * is closed, which ends a read that is still waiting. github-api's own {@code HttpClientGitHubConnector}
 * (1.330) sets no request timeout, and the {@code HttpConnector}-based timeouts
 * ({@code ImpatientHttpConnector}) are deprecated. This is github-api's extension point for
 * transports, {@link GitHubConnector}, on the JDK's {@link HttpURLConnection} rather than
 * {@code java.net.http.HttpClient}: at Lambda's smallest CPU shares the HttpClient's start-up (about
 * 270 classes, a selector thread, a TLS context even for plain HTTP) cost seconds of the cold start
 * (see the README's Performance section), and ListRunners already uses {@code HttpURLConnection}.
 * No redirects are followed (the App endpoints do not redirect; a redirect surfaces as an
 * unexpected status). Methods: those {@code HttpURLConnection} supports, which include the mint's
 * GET and POST. A body cut short (fewer bytes than its {@code Content-Length}) fails as an
 * {@link IOException}.
 */
final class BoundedGitHubConnector implements GitHubConnector {

    /** Closes connections whose deadline passed; one daemon thread for the instance's life. */
    private static final class Deadlines {
        static final ScheduledThreadPoolExecutor INSTANCE = new ScheduledThreadPoolExecutor(1, task -> {
            var thread = new Thread(task, "github-request-deadline");
            thread.setDaemon(true);
            return thread;
        });

        static {
            INSTANCE.setRemoveOnCancelPolicy(true);
        }
    }

    private final Supplier<Duration> timeLeft;
    private final AtomicReference<GitHubRateLimit> lastBudget;

    /**
     * @param timeLeft each request's bound; throws (a named error) when no time is left
     * @param lastBudget receives the rate-limit headers of each response
     */
    BoundedGitHubConnector(Supplier<Duration> timeLeft, AtomicReference<GitHubRateLimit> lastBudget) {
        this.timeLeft = timeLeft;
        this.lastBudget = lastBudget;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        Duration timeout = timeLeft.get();
        int millis = Math.toIntExact(Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        var connection = (HttpURLConnection) request.url().openConnection();
        var expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = Deadlines.INSTANCE.schedule(() -> {
            expired.set(true);
            connection.disconnect();
        }, millis, TimeUnit.MILLISECONDS);
        try {
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod(request.method());
            request.allHeaders().forEach((name, values) -> {
                if (values != null) {
                    connection.setRequestProperty(name, String.join(", ", values));
                }
            });
            if (request.hasBody()) {
                byte[] body;
                try (InputStream in = request.body()) {
                    body = in.readAllBytes();
                }
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            Map<String, List<String>> headers = headers(connection);
            byte[] body = body(connection, status);
            if (expired.get()) {
                throw timedOut(request, millis);
            }
            lastBudget.set(GitHubRateLimit.from(headers));
            return new Response(request, status, headers, body);
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            throw timedOut(request, millis);
        } catch (IOException e) {
            connection.disconnect();
            throw expired.get() ? timedOut(request, millis) : e;
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Not a {@link SocketTimeoutException}, which github-api would retry: the time was the
     * invocation's, and the state machine retries.
     */
    private static HttpTimeoutException timedOut(GitHubConnectorRequest request, int millis) {
        return new HttpTimeoutException("no complete answer to " + request.method() + " " + request.url().getPath()
                + " within " + millis + " ms");
    }

    /** The response headers by name, case-insensitively, without the status line (which has no name). */
    private static Map<String, List<String>> headers(HttpURLConnection connection) {
        var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                headers.put(name, values);
            }
        });
        return headers;
    }

    private static byte[] body(HttpURLConnection connection, int status) throws IOException {
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (stream == null) {
            return new byte[0];
        }
        byte[] body;
        try (stream) {
            body = stream.readAllBytes();
        }
        long expected = connection.getContentLengthLong();
        if (expected >= 0 && body.length < expected) {
            throw new IOException("the body was cut short: " + body.length + " of " + expected + " bytes");
        }
        return body;
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
