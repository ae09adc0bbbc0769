package dev.recordmetric.listrunners;

import dev.recordmetric.common.GitHubErrors;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.RecordMetricException;
import dev.recordmetric.errors.TransientException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Lists an organization's self-hosted runners: page 1 first, then, knowing the last page, the rest
 * side by side with at most {@code maxInFlight} requests open (GitHub's secondary limits allow 100),
 * then any further {@code rel="next"} pages. If the runner count changed while paging (a runner
 * registered or removed shifts the others across pages), the organization is listed again, up to
 * {@link #MAX_LISTINGS} times; duplicates are always dropped by runner id.
 *
 * <p>The transport is the JDK's {@link HttpURLConnection}: it starts in a fraction of the time the
 * JDK's {@code java.net.http.HttpClient} needs in a fresh JVM, and the AWS SDK's URL-connection
 * client has loaded its classes already. Pages go out on platform threads, since the connection
 * synchronizes internally (which would pin virtual threads on Java 21).
 */
final class RunnerLister {

    static final int PER_PAGE = 100;
    static final int MAX_LISTINGS = 3;
    static final int DEFAULT_MAX_IN_FLIGHT = 10;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ERROR_BODY = 8192;

    private final URI firstPage;
    private final String label;
    private final String what;
    private final Clock clock;
    private final GitHubErrors errors;
    private final int maxInFlight;
    private final Duration requestTimeout;

    RunnerLister(URI apiUrl, String organization, String label, Clock clock, int maxInFlight) {
        this(apiUrl, organization, label, clock, maxInFlight, REQUEST_TIMEOUT);
    }

    /** {@code requestTimeout} bounds connecting, and then each wait for response bytes. */
    RunnerLister(URI apiUrl, String organization, String label, Clock clock, int maxInFlight, Duration requestTimeout) {
        this.firstPage = URI.create(apiUrl + "/orgs/" + organization + "/actions/runners?per_page=" + PER_PAGE + "&page=1");
        this.label = label;
        this.what = "listing the self-hosted runners of organization " + organization;
        this.clock = clock;
        this.errors = new GitHubErrors(clock);
        this.maxInFlight = maxInFlight;
        this.requestTimeout = requestTimeout;
    }

    Listing list(String token) {
        int requests = 0;
        for (int listing = 1; ; listing++) {
            List<Fetched> pages = listOnce(token);
            requests += pages.size();
            boolean consistent = pages.stream().mapToInt(p -> p.page().totalCount()).distinct().count() == 1;
            if (consistent || listing == MAX_LISTINGS) {
                return summarize(pages, requests, listing);
            }
        }
    }

    private List<Fetched> listOnce(String token) {
        Fetched first = fetch(firstPage, token);
        var pages = new ArrayList<Fetched>(List.of(first));
        if (first.links().next().isEmpty()) {
            return pages;
        }
        URI next = first.links().next().get();
        int lastPage = first.links().lastPage()
                .orElse((first.page().totalCount() + PER_PAGE - 1) / PER_PAGE);
        var remaining = new ArrayList<URI>();
        for (int page = 2; page <= lastPage; page++) {
            remaining.add(LinkHeader.withPage(next, page));
        }
        pages.addAll(fetchAll(remaining, token));
        // Runners registered while listing can add pages beyond the one GitHub called last.
        var tail = pages.get(pages.size() - 1).links().next();
        while (tail.isPresent()) {
            Fetched more = fetch(tail.get(), token);
            pages.add(more);
            tail = more.links().next();
        }
        return pages;
    }

    private List<Fetched> fetchAll(List<URI> pages, String token) {
        if (pages.isEmpty()) {
            return List.of();
        }
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(maxInFlight, pages.size()), task -> {
            var thread = new Thread(task, "list-runners-page");
            thread.setDaemon(true);
            return thread;
        });
        try {
            var futures = new ArrayList<Future<Fetched>>();
            for (URI page : pages) {
                futures.add(executor.submit(() -> fetch(page, token)));
            }
            var fetched = new ArrayList<Fetched>();
            for (Future<Fetched> future : futures) {
                fetched.add(future.get());
            }
            return fetched;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordMetricException named) {
                throw named;
            }
            throw new IllegalStateException("listing a page failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("Interrupted while " + what + ".", e);
        } finally {
            // Pages not started are dropped; those in flight end within their timeouts on daemon threads.
            executor.shutdownNow();
        }
    }

    private Fetched fetch(URI page, String token) {
        requireSameOrigin(page);
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) page.toURL().openConnection();
            connection.setConnectTimeout(Math.toIntExact(requestTimeout.toMillis()));
            connection.setReadTimeout(Math.toIntExact(requestTimeout.toMillis()));
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/vnd.github+json");
            connection.setRequestProperty("X-GitHub-Api-Version", "2022-11-28");
            connection.setRequestProperty("User-Agent", "record-metric");
            connection.setRequestProperty("Authorization", "Bearer " + token);
            int status = connection.getResponseCode();
            if (status != 200) {
                InputStream error = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
                String text = "";
                if (error != null) {
                    try (error) {
                        text = new String(error.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                    }
                }
                throw errors.fromResponse(what, status, connection.getHeaderFields(), text);
            }
            try (InputStream body = connection.getInputStream()) {
                RunnerPage parsed = RunnerPage.parse(body, label);
                String remainingHeader = connection.getHeaderField("x-ratelimit-remaining");
                OptionalInt remaining = remainingHeader == null
                        ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(remainingHeader.trim()));
                return new Fetched(parsed, LinkHeader.parse(headerValues(connection, "link")), remaining);
            }
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            throw errors.fromIoFailure(what, e);
        } catch (NumberFormatException e) {
            throw RunnerPage.malformed("x-ratelimit-remaining is not a number");
        }
    }

    private static List<String> headerValues(HttpURLConnection connection, String name) {
        var values = new ArrayList<String>();
        connection.getHeaderFields().forEach((key, value) -> {
            if (name.equalsIgnoreCase(key)) {
                values.addAll(value);
            }
        });
        return values;
    }

    /** The token goes only to the configured API: a Link header pointing elsewhere is refused. */
    private void requireSameOrigin(URI page) {
        if (!Objects.equals(page.getScheme(), firstPage.getScheme())
                || !Objects.equals(page.getRawAuthority(), firstPage.getRawAuthority())) {
            throw new MalformedResponseException("GitHub's Link header points at another host (" + page.getHost()
                    + ") than the configured API URL; refusing to send the token there.");
        }
    }

    private Listing summarize(List<Fetched> pages, int requests, int listings) {
        Map<Long, Runner> byId = new LinkedHashMap<>();
        int seen = 0;
        for (Fetched fetched : pages) {
            seen += fetched.page().runnersOnPage();
            fetched.page().labelled().forEach(runner -> byId.put(runner.id(), runner));
        }
        OptionalInt remaining = pages.stream().map(Fetched::rateLimitRemaining).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).min();
        return new Listing(byId.values(), seen, pages.size(), requests, listings, remaining,
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private record Fetched(RunnerPage page, LinkHeader links, OptionalInt rateLimitRemaining) {
    }
}
