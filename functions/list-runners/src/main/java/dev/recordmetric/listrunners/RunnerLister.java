package dev.recordmetric.listrunners;

import dev.recordmetric.common.GitHubErrors;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.GitHubRateLimit;
import dev.recordmetric.common.RateLimitGate;
import dev.recordmetric.common.SameOrigin;
import dev.recordmetric.errors.InconsistentListingException;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.OrganizationNotFoundException;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lists an organization's self-hosted runners (or, with a runner group id, that group's:
 * {@code GET /orgs/{org}/actions/runner-groups/{id}/runners}, the same body, pages and permission,
 * GitHub REST docs "List self-hosted runners in a group for an organization") once for every pool:
 * page 1 first, then, knowing the last page, the rest
 * side by side with at most {@code maxInFlight} requests open (GitHub's secondary limits allow 100),
 * then any further {@code rel="next"} pages, then page 1 once more.
 *
 * <p>A listing is accepted only when it is consistent: every page reports the same
 * {@code total_count}, the distinct ids of all runners seen (labelled or not) number exactly that,
 * and page 1 fetched again at the end holds the same runners. A runner that registers or
 * deregisters while the pages are fetched shifts the others across pages; the first two checks see
 * a shift that changes the count or duplicates a runner, the third a deregistration from page 1
 * that a registration hid (same total, a runner missed). An inconsistent listing is listed again,
 * up to {@link #MAX_LISTINGS} times; then the run fails with {@link InconsistentListingException}
 * rather than publish a count that may be wrong.
 *
 * <p>Pagination is bounded by {@code total_count}: a {@code last} page beyond it, a {@code next}
 * link that does not move forward or has no page, or more pages than the total needs, is a
 * {@link MalformedResponseException}.
 *
 * <p>Every request first passes the instance's {@link RateLimitGate} and is bounded by the
 * invocation's {@link InvocationBudget} (connect and each read: {@link #REQUEST_TIMEOUT} or what is
 * left, if less).
 *
 * <p>The transport is the JDK's {@link HttpURLConnection}: it starts in a fraction of the time the
 * JDK's {@code java.net.http.HttpClient} needs in a fresh JVM, and the AWS SDK's URL-connection
 * client has loaded its classes already. Pages go out on platform threads, since the connection
 * synchronizes internally (which would pin virtual threads on Java 21).
 */
final class RunnerLister {

    static final int PER_PAGE = RunnerPage.MAX_RUNNERS;
    static final int MAX_LISTINGS = 3;
    static final int DEFAULT_MAX_IN_FLIGHT = 10;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Pages beyond what total_count needs that registrations during the listing may add. */
    static final int EXTRA_PAGES = 2;
    private static final int MAX_ERROR_BODY = 8192;

    private final URI firstPage;
    private final Map<String, Integer> labels;
    private final OptionalLong runnerGroupId;
    private final String what;
    private final Clock clock;
    private final GitHubErrors errors;
    private final RateLimitGate gate;
    private final int maxInFlight;
    private final Duration requestTimeout;

    /** One pool's lister over the whole organization. */
    RunnerLister(URI apiUrl, String organization, String label, Clock clock, int maxInFlight) {
        this(apiUrl, organization, OptionalLong.empty(), List.of(label), clock, maxInFlight, REQUEST_TIMEOUT,
                new RateLimitGate(clock));
    }

    /**
     * @param labels the pools' labels; a runner counts in every pool whose label it carries
     * @param requestTimeout bounds connecting, and then each wait for response bytes, unless less time is left
     */
    RunnerLister(URI apiUrl, String organization, OptionalLong runnerGroupId, List<String> labels, Clock clock,
            int maxInFlight, Duration requestTimeout, RateLimitGate gate) {
        String listed = runnerGroupId.isPresent()
                ? "/orgs/" + organization + "/actions/runner-groups/" + runnerGroupId.getAsLong() + "/runners"
                : "/orgs/" + organization + "/actions/runners";
        this.firstPage = URI.create(apiUrl + listed + "?per_page=" + PER_PAGE + "&page=1");
        this.labels = RunnerPage.labelIndex(labels);
        this.runnerGroupId = runnerGroupId;
        this.what = runnerGroupId.isPresent()
                ? "listing the self-hosted runners of runner group " + runnerGroupId.getAsLong() + " in organization " + organization
                : "listing the self-hosted runners of organization " + organization;
        this.clock = clock;
        this.errors = new GitHubErrors(clock, gate);
        this.gate = gate;
        this.maxInFlight = maxInFlight;
        this.requestTimeout = requestTimeout;
    }

    /** A listing with a minute to do it in, outside any run: for tests and benchmarks. */
    Listing list(String token) {
        return list(token, InvocationBudget.lasting(Duration.ofMinutes(1), clock), false, new AtomicReference<>());
    }

    /**
     * @param refreshed whether the token was fetched anew for this run after a rejection
     * @param lastBudget receives the rate-limit headers of each response as it arrives, failures included
     */
    Listing list(String token, InvocationBudget budget, boolean refreshed, AtomicReference<GitHubRateLimit> lastBudget) {
        var call = new Call(token, budget, refreshed, lastBudget);
        String problem = "";
        for (int listing = 1; listing <= MAX_LISTINGS; listing++) {
            Pages pages = listOnce(call);
            problem = inconsistency(pages);
            if (problem.isEmpty()) {
                return summarize(pages, call.requests.get(), listing, lastBudget.get());
            }
        }
        throw new InconsistentListingException("The runners of the organization changed while they were listed, "
                + MAX_LISTINGS + " listings in a row (last: " + problem + "), so no exact count could be taken and none"
                + " is published for this minute; the next run lists again. Constant registering and deregistering"
                + " (very short-lived runners) causes this.");
    }

    private record Pages(List<RunnerPage> pages, RunnerPage firstAgain) {
    }

    private Pages listOnce(Call call) {
        Fetched first = fetch(firstPage, 1, call);
        int total = first.page().totalCount();
        int neededPages = Math.max(1, (total + PER_PAGE - 1) / PER_PAGE);
        int maxPages = neededPages + EXTRA_PAGES;
        var pages = new ArrayList<RunnerPage>(List.of(first.page()));
        if (first.links().next().isEmpty()) {
            return new Pages(pages, null);
        }
        URI next = first.links().next().get();
        int lastPage = first.links().lastPage().orElse(neededPages);
        var remaining = new ArrayList<URI>();
        for (int page = 2; page <= lastPage; page++) {
            remaining.add(LinkHeader.withPage(next, page));
        }
        List<Fetched> rest = fetchAll(remaining, 2, call);
        rest.forEach(fetched -> pages.add(fetched.page()));
        // Runners registered while listing can add pages beyond the one GitHub called last.
        Fetched tail = rest.isEmpty() ? first : rest.get(rest.size() - 1);
        int tailPage = Math.max(1, lastPage);
        while (tail.links().next().isPresent()) {
            if (pages.size() >= maxPages) {
                throw RunnerPage.malformed("pagination does not end: more than " + maxPages + " pages for total_count "
                        + total);
            }
            tail = fetch(tail.links().next().get(), tailPage + 1, call);
            tailPage++;
            pages.add(tail.page());
        }
        return new Pages(pages, fetch(firstPage, 1, call).page());
    }

    /** Empty when the listing is consistent, else what is wrong with it. */
    private static String inconsistency(Pages listed) {
        int total = listed.pages().get(0).totalCount();
        for (RunnerPage page : listed.pages()) {
            if (page.totalCount() != total) {
                return "total_count went from " + total + " to " + page.totalCount() + " between pages";
            }
        }
        int seen = distinctIds(listed.pages());
        if (seen != total) {
            return seen + " distinct runners seen for total_count " + total;
        }
        RunnerPage again = listed.firstAgain();
        if (again != null && (again.totalCount() != total || !Arrays.equals(again.ids(), listed.pages().get(0).ids()))) {
            return "page 1 changed while the other pages were fetched";
        }
        return "";
    }

    private static int distinctIds(List<RunnerPage> pages) {
        long[] all = new long[pages.stream().mapToInt(RunnerPage::runnersOnPage).sum()];
        int at = 0;
        for (RunnerPage page : pages) {
            System.arraycopy(page.ids(), 0, all, at, page.runnersOnPage());
            at += page.runnersOnPage();
        }
        Arrays.sort(all);
        int distinct = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    private List<Fetched> fetchAll(List<URI> pages, int firstNumber, Call call) {
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
            for (int i = 0; i < pages.size(); i++) {
                URI page = pages.get(i);
                int number = firstNumber + i;
                futures.add(executor.submit(() -> fetch(page, number, call)));
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

    private Fetched fetch(URI page, int number, Call call) {
        SameOrigin.require(firstPage, page);
        gate.check();
        int timeout = Math.toIntExact(Math.max(1, call.budget.bound(requestTimeout, what).toMillis()));
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) page.toURL().openConnection();
            connection.setConnectTimeout(timeout);
            connection.setReadTimeout(timeout);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/vnd.github+json");
            connection.setRequestProperty("X-GitHub-Api-Version", "2022-11-28");
            connection.setRequestProperty("User-Agent", "record-metric");
            connection.setRequestProperty("Authorization", "Bearer " + call.token);
            call.requests.incrementAndGet();
            int status = connection.getResponseCode();
            Map<String, List<String>> headers = connection.getHeaderFields();
            call.lastBudget.set(GitHubRateLimit.from(headers));
            if (status != 200) {
                InputStream error = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
                String text = "";
                if (error != null) {
                    try (error) {
                        text = new String(error.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                    }
                }
                RecordMetricException failure = errors.fromTokenResponse(what, status, headers, text, call.refreshed);
                if (failure instanceof OrganizationNotFoundException && runnerGroupId.isPresent()) {
                    throw new OrganizationNotFoundException(failure.getMessage() + " GitHub answers 404 too when the"
                            + " organization has no runner group " + runnerGroupId.getAsLong() + " (RUNNER_GROUP_ID; GET /orgs/"
                            + "{org}/actions/runner-groups lists them).");
                }
                throw failure;
            }
            try (InputStream body = connection.getInputStream()) {
                RunnerPage parsed = RunnerPage.parse(body, labels);
                LinkHeader links = LinkHeader.parse(headerValues(headers, "link"));
                var nextPage = links.nextPage();
                if (nextPage.isPresent() && nextPage.getAsInt() <= number) {
                    throw RunnerPage.malformed("the Link header's next page (" + nextPage.getAsInt()
                            + ") does not come after page " + number);
                }
                int neededPages = Math.max(1, (parsed.totalCount() + PER_PAGE - 1) / PER_PAGE);
                var lastPage = links.lastPage();
                if (lastPage.isPresent() && lastPage.getAsInt() > neededPages + 1) {
                    throw RunnerPage.malformed("the Link header's last page (" + lastPage.getAsInt() + ") is beyond what"
                            + " total_count " + parsed.totalCount() + " needs (" + neededPages + " pages of " + PER_PAGE + ")");
                }
                return new Fetched(parsed, links);
            }
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            throw errors.fromIoFailure(what, e);
        }
    }

    private static List<String> headerValues(Map<String, List<String>> headers, String name) {
        var values = new ArrayList<String>();
        headers.forEach((key, value) -> {
            if (name.equalsIgnoreCase(key)) {
                values.addAll(value);
            }
        });
        return values;
    }

    private Listing summarize(Pages listed, int requests, int listings, GitHubRateLimit lastBudget) {
        // A runner seen on two pages (shifted while listing, yet consistent) is kept once per pool.
        Map<List<Long>, Runner> byPoolAndId = new LinkedHashMap<>();
        for (RunnerPage page : listed.pages()) {
            page.labelled().forEach(runner -> byPoolAndId.put(List.of((long) runner.pool(), runner.id()), runner));
        }
        // Consistent: the distinct ids seen are exactly total_count (see inconsistency).
        int seen = listed.pages().get(0).totalCount();
        return new Listing(byPoolAndId.values(), seen, listed.pages().size(), requests, listings,
                lastBudget == null ? GitHubRateLimit.NONE : lastBudget, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    /** What one invocation's listing needs; requests counted across its listings. */
    private static final class Call {
        final String token;
        final InvocationBudget budget;
        final boolean refreshed;
        final AtomicReference<GitHubRateLimit> lastBudget;
        final AtomicInteger requests = new AtomicInteger();

        Call(String token, InvocationBudget budget, boolean refreshed, AtomicReference<GitHubRateLimit> lastBudget) {
            this.token = token;
            this.budget = budget;
            this.refreshed = refreshed;
            this.lastBudget = lastBudget;
        }
    }

    private record Fetched(RunnerPage page, LinkHeader links) {
    }
}
