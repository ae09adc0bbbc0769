package dev.recordmetric.listrunners;

import dev.recordmetric.common.GitHubErrors;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.RecordMetricException;
import dev.recordmetric.errors.TransientException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.Semaphore;

/**
 * Lists an organization's self-hosted runners: page 1 first, then, knowing the last page, the rest
 * side by side with at most {@code maxInFlight} requests open (GitHub's secondary limits allow 100),
 * then any further {@code rel="next"} pages. If the runner count changed while paging (a runner
 * registered or removed shifts the others across pages), the organization is listed again, up to
 * {@link #MAX_LISTINGS} times; duplicates are always dropped by runner id.
 */
final class RunnerLister {

    static final int PER_PAGE = 100;
    static final int MAX_LISTINGS = 3;
    static final int DEFAULT_MAX_IN_FLIGHT = 10;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ERROR_BODY = 8192;

    private final HttpClient http;
    private final URI firstPage;
    private final String label;
    private final String what;
    private final Clock clock;
    private final GitHubErrors errors;
    private final int maxInFlight;
    private final Duration requestTimeout;

    RunnerLister(HttpClient http, URI apiUrl, String organization, String label, Clock clock, int maxInFlight) {
        this(http, apiUrl, organization, label, clock, maxInFlight, REQUEST_TIMEOUT);
    }

    RunnerLister(HttpClient http, URI apiUrl, String organization, String label, Clock clock, int maxInFlight,
            Duration requestTimeout) {
        this.http = http;
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
        var permits = new Semaphore(maxInFlight);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Fetched>>();
            for (URI page : pages) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return fetch(page, token);
                    } finally {
                        permits.release();
                    }
                }));
            }
            var fetched = new ArrayList<Fetched>();
            try {
                for (Future<Fetched> future : futures) {
                    fetched.add(future.get());
                }
            } catch (ExecutionException e) {
                executor.shutdownNow();
                if (e.getCause() instanceof RecordMetricException named) {
                    throw named;
                }
                throw new IllegalStateException("listing a page failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
                throw new TransientException("Interrupted while " + what + ".", e);
            }
            return fetched;
        }
    }

    private Fetched fetch(URI page, String token) {
        requireSameOrigin(page);
        HttpRequest request = HttpRequest.newBuilder(page)
                .timeout(requestTimeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "record-metric")
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    String text = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                    throw errors.fromResponse(what, response.statusCode(), response.headers().map(), text);
                }
                RunnerPage parsed = RunnerPage.parse(body, label);
                OptionalInt remaining = response.headers().firstValue("x-ratelimit-remaining")
                        .map(v -> OptionalInt.of(Integer.parseInt(v.trim()))).orElse(OptionalInt.empty());
                return new Fetched(parsed, LinkHeader.parse(response.headers().allValues("link")), remaining);
            }
        } catch (IOException e) {
            throw errors.fromIoFailure(what, e);
        } catch (NumberFormatException e) {
            throw RunnerPage.malformed("x-ratelimit-remaining is not a number");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("Interrupted while " + what + ".", e);
        }
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
