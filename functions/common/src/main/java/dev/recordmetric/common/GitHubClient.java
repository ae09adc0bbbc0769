package dev.recordmetric.common;

import dev.recordmetric.errors.RecordMetricException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one client of GitHub's REST API: ListRunners' listing, GetToken's App token mint (github-api
 * sends through {@link #send}) and the operator's doctor.
 *
 * <ul>
 *   <li>Every request is bounded as a whole, connecting, the status line and the body: at its
 *       deadline the connection is closed, which ends a read still waiting, and the body is read
 *       no further. Connect and read timeouts alone bound each step, and a body that trickles in
 *       passes both. (Closing alone is not enough: the JDK keeps a kept-alive connection with a
 *       small rest of its body open to drain it, and the read goes on.)</li>
 *   <li>{@link #get} first passes the instance's {@link RateLimitGate}, sends only to the API URL's
 *       origin ({@link SameOrigin}), takes its bound from the invocation's {@link InvocationBudget}
 *       and names every failure through {@link GitHubErrors}.</li>
 *   <li>The rate-limit headers of the last response are kept here, as github-api keeps its
 *       {@code GHRateLimit} on its client ({@code GitHubClient.noteRateLimit}); {@link #newInvocation}
 *       forgets them, so that an invocation reports only its own.</li>
 * </ul>
 *
 * <p>The transport is the JDK's {@link HttpURLConnection}: in a fresh JVM it starts in a fraction
 * of the time {@code java.net.http.HttpClient} needs (about 270 classes, a selector thread, a TLS
 * context even for plain HTTP: seconds of a cold start at Lambda's smallest CPU shares, see the
 * README's Performance section), and the AWS SDK's URL-connection client has loaded its classes
 * already. No redirects are followed. Thread-safe: ListRunners fetches pages side by side.
 */
public final class GitHubClient {

    /** A request's bound when the invocation has more time left. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int NOT_MODIFIED = 304;
    /** GitHub REST docs, "API Versions". */
    private static final String API_VERSION = "2022-11-28";

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

    /** A request as it is sent; {@code body} is null when there is none. */
    public record Request(String method, URI url, Map<String, List<String>> headers, byte[] body) {
    }

    /** A complete answer, whatever its status. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        /** The first value of a header, its name compared case-insensitively. */
        public Optional<String> header(String name) {
            return GitHubErrors.header(headers, name);
        }

        /** The pagination links ({@code Link} headers). */
        public LinkHeader links() {
            return LinkHeader.parse(GitHubErrors.headerValues(headers, "Link"));
        }

        public InputStream bodyStream() {
            return new ByteArrayInputStream(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final URI apiUrl;
    private final Duration requestTimeout;
    private final RateLimitGate gate;
    private final GitHubErrors errors;
    private final AtomicReference<GitHubRateLimit> lastRateLimit = new AtomicReference<>(GitHubRateLimit.NONE);

    /** A client with its own rate-limit gate and {@link #REQUEST_TIMEOUT}. */
    public GitHubClient(URI apiUrl, Clock clock) {
        this(apiUrl, clock, REQUEST_TIMEOUT, new RateLimitGate(clock));
    }

    /** @param requestTimeout bounds each request of {@link #get}, unless the invocation has less time left */
    public GitHubClient(URI apiUrl, Clock clock, Duration requestTimeout, RateLimitGate gate) {
        this.apiUrl = apiUrl;
        this.requestTimeout = requestTimeout;
        this.gate = gate;
        this.errors = new GitHubErrors(clock, gate);
    }

    public URI apiUrl() {
        return apiUrl;
    }

    /** Names failures for callers that send through github-api; remembers rate limits in this client's gate. */
    public GitHubErrors errors() {
        return errors;
    }

    /** Throws the rate limit in force, if one is: call before work that will send requests. */
    public void checkGate() {
        gate.check();
    }

    /** Forgets the last response's rate-limit headers: call when an invocation starts. */
    public void newInvocation() {
        lastRateLimit.set(GitHubRateLimit.NONE);
    }

    /** The rate-limit headers of the last response of this invocation, failures included; {@code NONE} before one. */
    public GitHubRateLimit lastRateLimit() {
        return lastRateLimit.get();
    }

    /**
     * {@code GET url} with {@code token} (none when null), bounded by the client's request timeout or
     * what {@code budget} has left, if less.
     *
     * @param what what the request is for, in error messages ("listing the self-hosted runners of …")
     * @param refreshed whether the token was fetched anew for this run after a rejection
     * @return a 2xx answer
     * @throws RecordMetricException the named error for a failed answer, no answer, or no time left
     */
    public Response get(URI url, String token, String what, boolean refreshed, InvocationBudget budget) {
        return get(url, apiHeaders(token), what, refreshed, budget);
    }

    /**
     * {@code GET url} with {@code If-None-Match: etag}, as {@link #get}: empty when GitHub answers 304
     * Not Modified, which does not count against the primary rate limit when the request carries
     * valid credentials (GitHub Docs, "Best practices for using the REST API": Use conditional
     * requests if appropriate).
     */
    public Optional<Response> getIfNoneMatch(URI url, String etag, String token, String what, boolean refreshed,
            InvocationBudget budget) {
        Map<String, List<String>> headers = apiHeaders(token);
        headers.put("If-None-Match", List.of(etag));
        Response response = get(url, headers, what, refreshed, budget);
        return response.status() == NOT_MODIFIED ? Optional.empty() : Optional.of(response);
    }

    /**
     * {@code POST url} with {@code token} and no body, as {@link #get}: e.g. "Redeliver a delivery for
     * an organization webhook", answered 202 Accepted.
     *
     * @return a 2xx answer
     * @throws RecordMetricException the named error for a failed answer, no answer, or no time left
     */
    public Response post(URI url, String token, String what, boolean refreshed, InvocationBudget budget) {
        return send("POST", url, apiHeaders(token), what, refreshed, budget);
    }

    private Response get(URI url, Map<String, List<String>> headers, String what, boolean refreshed, InvocationBudget budget) {
        return send("GET", url, headers, what, refreshed, budget);
    }

    private Response send(String method, URI url, Map<String, List<String>> headers, String what, boolean refreshed,
            InvocationBudget budget) {
        SameOrigin.require(apiUrl, url);
        gate.check();
        Duration timeout = budget.bound(requestTimeout, what);
        Response response;
        try {
            response = send(new Request(method, url, headers, method.equals("POST") ? new byte[0] : null), timeout);
        } catch (IOException e) {
            throw errors.fromIoFailure(what, e);
        }
        boolean notModified = response.status() == NOT_MODIFIED && headers.containsKey("If-None-Match");
        if (response.status() / 100 != 2 && !notModified) {
            throw errors.fromTokenResponse(what, response.status(), response.headers(), response.text(), refreshed);
        }
        return response;
    }

    /**
     * The pages of a list: {@code first}, then each {@code rel="next"} link, one {@link #get} per
     * page asked for.
     */
    public Iterator<Response> pages(URI first, String token, String what, boolean refreshed, InvocationBudget budget) {
        return new Iterator<>() {
            private URI next = first;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Response next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Response page = get(next, token, what, refreshed, budget);
                next = page.links().next().orElse(null);
                return page;
            }
        };
    }

    /** The headers GitHub asks every REST request to carry, and the token when there is one. */
    public static Map<String, List<String>> apiHeaders(String token) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Accept", List.of("application/vnd.github+json"));
        headers.put("X-GitHub-Api-Version", List.of(API_VERSION));
        headers.put("User-Agent", List.of("record-metric"));
        if (token != null) {
            headers.put("Authorization", List.of("Bearer " + token));
        }
        return headers;
    }

    /**
     * Sends {@code request} as it is and reads the whole answer within {@code timeout}; notes its
     * rate-limit headers. Checks neither the gate nor the origin: for github-api's transport and
     * requests without credentials.
     *
     * @throws SocketTimeoutException when no complete answer arrived within {@code timeout}
     * @throws IOException when the connection failed, or the body was cut short of its {@code Content-Length}
     */
    public Response send(Request request, Duration timeout) throws IOException {
        int millis = Math.toIntExact(Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        var connection = (HttpURLConnection) request.url().toURL().openConnection();
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
            request.headers().forEach((name, values) -> {
                if (values != null) {
                    connection.setRequestProperty(name, String.join(", ", values));
                }
            });
            if (request.body() != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(request.body().length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(request.body());
                }
            }
            int status = connection.getResponseCode();
            Map<String, List<String>> headers = headers(connection);
            lastRateLimit.set(GitHubRateLimit.from(headers));
            byte[] body = body(connection, status, expired);
            if (expired.get()) {
                throw timedOut(request, millis);
            }
            return new Response(status, headers, body);
        } catch (IOException e) {
            connection.disconnect();
            throw expired.get() ? timedOut(request, millis) : e;
        } finally {
            deadline.cancel(false);
        }
    }

    private static SocketTimeoutException timedOut(Request request, int millis) {
        return new SocketTimeoutException("no complete answer to " + request.method() + " " + request.url().getPath()
                + " within " + millis + " ms");
    }

    /** The response headers without the status line (which has no name). */
    private static Map<String, List<String>> headers(HttpURLConnection connection) {
        var headers = new LinkedHashMap<String, List<String>>();
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                headers.put(name, values);
            }
        });
        return headers;
    }

    /** The whole body, read no further once {@code expired}: then empty. */
    private static byte[] body(HttpURLConnection connection, int status, AtomicBoolean expired) throws IOException {
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (stream == null) {
            return new byte[0];
        }
        var read = new ByteArrayOutputStream();
        try (stream) {
            byte[] buffer = new byte[8192];
            for (int n = stream.read(buffer); n >= 0 && !expired.get(); n = stream.read(buffer)) {
                read.write(buffer, 0, n);
            }
        }
        if (expired.get()) {
            return new byte[0];
        }
        byte[] body = read.toByteArray();
        long expected = connection.getContentLengthLong();
        if (expected >= 0 && body.length < expected) {
            throw new IOException("the body was cut short: " + body.length + " of " + expected + " bytes");
        }
        return body;
    }
}
