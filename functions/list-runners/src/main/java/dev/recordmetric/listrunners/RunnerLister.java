package dev.recordmetric.listrunners;

import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.common.GitHubRateLimit;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.LinkHeader;
import dev.recordmetric.errors.InconsistentListingException;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.OrganizationNotFoundException;
import dev.recordmetric.errors.RecordMetricException;
import dev.recordmetric.errors.TransientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
 * <p>Every page is a {@link GitHubClient#get}: past the instance's rate-limit gate, bounded as a
 * whole by the invocation's {@link InvocationBudget}, its failures named. Pages go out on platform
 * threads, since the JDK's {@code HttpURLConnection} synchronizes internally (which would pin
 * virtual threads on Java 21).
 */
final class RunnerLister {

    static final int PER_PAGE = RunnerPage.MAX_RUNNERS;
    static final int MAX_LISTINGS = 3;
    static final int DEFAULT_MAX_IN_FLIGHT = 10;
    /** Pages beyond what total_count needs that registrations during the listing may add. */
    static final int EXTRA_PAGES = 2;

    private final GitHubClient github;
    private final URI firstPage;
    private final Map<String, Integer> labels;
    private final OptionalLong runnerGroupId;
    private final String what;
    private final Clock clock;
    private final int maxInFlight;

    /** One pool's lister over the whole organization, with a client of its own. */
    RunnerLister(URI apiUrl, String organization, String label, Clock clock, int maxInFlight) {
        this(new GitHubClient(apiUrl, clock), organization, OptionalLong.empty(), List.of(label), clock, maxInFlight);
    }

    /** @param labels the pools' labels; a runner counts in every pool whose label it carries */
    RunnerLister(GitHubClient github, String organization, OptionalLong runnerGroupId, List<String> labels, Clock clock,
            int maxInFlight) {
        String listed = runnerGroupId.isPresent()
                ? "/orgs/" + organization + "/actions/runner-groups/" + runnerGroupId.getAsLong() + "/runners"
                : "/orgs/" + organization + "/actions/runners";
        this.github = github;
        this.firstPage = URI.create(github.apiUrl() + listed + "?per_page=" + PER_PAGE + "&page=1");
        this.labels = RunnerPage.labelIndex(labels);
        this.runnerGroupId = runnerGroupId;
        this.what = runnerGroupId.isPresent()
                ? "listing the self-hosted runners of runner group " + runnerGroupId.getAsLong() + " in organization " + organization
                : "listing the self-hosted runners of organization " + organization;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
    }

    /** A listing with a minute to do it in, outside any run: for tests and benchmarks. */
    Listing list(String token) {
        return list(token, InvocationBudget.lasting(Duration.ofMinutes(1), clock), false);
    }

    /** @param refreshed whether the token was fetched anew for this run after a rejection */
    Listing list(String token, InvocationBudget budget, boolean refreshed) {
        var call = new Call(token, budget, refreshed);
        String problem = "";
        for (int listing = 1; listing <= MAX_LISTINGS; listing++) {
            Pages pages = listOnce(call);
            problem = inconsistency(pages);
            if (problem.isEmpty()) {
                return summarize(pages, call.requests().get(), listing, github.lastRateLimit());
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
        call.requests().incrementAndGet();
        GitHubClient.Response response;
        try {
            response = github.get(page, call.token(), what, call.refreshed(), call.budget());
        } catch (OrganizationNotFoundException notFound) {
            if (runnerGroupId.isEmpty()) {
                throw notFound;
            }
            throw new OrganizationNotFoundException(notFound.getMessage() + " GitHub answers 404 too when the"
                    + " organization has no runner group " + runnerGroupId.getAsLong() + " (RUNNER_GROUP_ID; GET /orgs/"
                    + "{org}/actions/runner-groups lists them).");
        }
        RunnerPage parsed;
        try {
            parsed = RunnerPage.parse(response.bodyStream(), labels);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a page held in memory", e);
        }
        LinkHeader links = response.links();
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

    private Listing summarize(Pages listed, int requests, int listings, GitHubRateLimit lastResponse) {
        // A runner seen on two pages (shifted while listing, yet consistent) is kept once per pool.
        Map<List<Long>, Runner> byPoolAndId = new LinkedHashMap<>();
        for (RunnerPage page : listed.pages()) {
            page.labelled().forEach(runner -> byPoolAndId.put(List.of((long) runner.pool(), runner.id()), runner));
        }
        // Consistent: the distinct ids seen are exactly total_count (see inconsistency).
        int seen = listed.pages().get(0).totalCount();
        return new Listing(byPoolAndId.values(), seen, listed.pages().size(), requests, listings,
                lastResponse, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    /** What one invocation's listing needs; requests counted across its listings. */
    private record Call(String token, InvocationBudget budget, boolean refreshed, AtomicInteger requests) {
        Call(String token, InvocationBudget budget, boolean refreshed) {
            this(token, budget, refreshed, new AtomicInteger());
        }
    }

    private record Fetched(RunnerPage page, LinkHeader links) {
    }
}
