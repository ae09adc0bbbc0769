package dev.recordmetric.listrunners;

import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.LinkHeader;
import dev.recordmetric.errors.OrganizationNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Lists an organization's self-hosted runners (or, with a runner group id, that group's:
 * {@code GET /orgs/{org}/actions/runner-groups/{id}/runners}, the same body, pages and permission,
 * GitHub REST docs "List self-hosted runners in a group for an organization") once for every pool,
 * in the two passes of {@link TwoPassListing}, and counts them with the bound of
 * {@link CountEstimate}: a complete listing of a fleet that moved while it was read is published
 * with how far its counts can be from the truth during the listing; a partial one (a page that
 * failed, was cut short or is missing, a broken {@code Link} header) fails with its named error.
 *
 * <p>Pagination is bounded by {@code total_count}: a {@code last} page beyond it, a {@code next}
 * link that does not move forward or has no page, or more pages than the total needs, is a
 * {@code MalformedResponseException}.
 *
 * <p>Every page is a {@link GitHubClient#get} (the second pass's a
 * {@link GitHubClient#getIfNoneMatch}): past the instance's rate-limit gate, bounded as a whole by
 * the invocation's {@link InvocationBudget}, its failures named. The instance keeps, across runs,
 * how many pages it fetches at once ({@link ListingConcurrency}: one at a time after a secondary
 * rate limit until the next full hour) and the change rate it last measured ({@link ChangeRate}).
 */
final class RunnerLister {

    static final int PER_PAGE = RunnerPage.MAX_RUNNERS;
    static final int DEFAULT_MAX_IN_FLIGHT = ListRunnersConfig.DEFAULT_CONCURRENCY;
    /** Pages beyond what total_count needs that registrations during the listing may add. */
    static final int EXTRA_PAGES = 2;

    private final GitHubClient github;
    private final URI firstPage;
    private final Map<String, Integer> labels;
    private final int pools;
    private final OptionalLong runnerGroupId;
    private final String what;
    private final Clock clock;
    private final ListingConcurrency concurrency;
    private final ChangeRate changeRate = new ChangeRate();

    /** One pool's lister over the whole organization, with a client of its own. */
    RunnerLister(URI apiUrl, String organization, String label, Clock clock, int maxInFlight) {
        this(new GitHubClient(apiUrl, clock), organization, OptionalLong.empty(), List.of(label), clock, maxInFlight);
    }

    /**
     * @param labels the pools' labels; a runner counts in every pool whose label it carries
     * @param maxInFlight pages fetched at once at most ({@code LIST_RUNNERS_CONCURRENCY})
     */
    RunnerLister(GitHubClient github, String organization, OptionalLong runnerGroupId, List<String> labels, Clock clock,
            int maxInFlight) {
        String listed = runnerGroupId.isPresent()
                ? "/orgs/" + organization + "/actions/runner-groups/" + runnerGroupId.getAsLong() + "/runners"
                : "/orgs/" + organization + "/actions/runners";
        this.github = github;
        this.firstPage = URI.create(github.apiUrl() + listed + "?per_page=" + PER_PAGE + "&page=1");
        this.labels = RunnerPage.labelIndex(labels);
        this.pools = labels.size();
        this.runnerGroupId = runnerGroupId;
        this.what = runnerGroupId.isPresent()
                ? "listing the self-hosted runners of runner group " + runnerGroupId.getAsLong() + " in organization " + organization
                : "listing the self-hosted runners of organization " + organization;
        this.clock = clock;
        this.concurrency = new ListingConcurrency(maxInFlight, clock);
    }

    /** A listing with a minute to do it in, outside any run: for tests and benchmarks. */
    Listing list(String token) {
        return list(token, InvocationBudget.lasting(Duration.ofMinutes(1), clock), false);
    }

    /** @param refreshed whether the token was fetched anew for this run after a rejection */
    Listing list(String token, InvocationBudget budget, boolean refreshed) {
        long started = System.nanoTime();
        var source = new Pages(token, budget, refreshed);
        TwoPassListing.Passes passes = new TwoPassListing(concurrency).list(source, budget::left, github::lastRateLimit,
                clock::instant, what);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        CountEstimate estimate = CountEstimate.of(passes.first(), passes.second(), pools);
        if (estimate.secondPass()) {
            changeRate.measured(estimate, took);
        } else {
            estimate = estimate.plus(changeRate.allowance(pools, took));
        }
        var uncertainty = new ArrayList<Integer>();
        for (int pool = 0; pool < pools; pool++) {
            uncertainty.add(estimate.poolBound(pool));
        }
        boolean secondPass = passes.first().size() > 1 && !passes.second().isEmpty();
        return new Listing(estimate.runners(), estimate.runnersSeen(), passes.first().size(), passes.requests(),
                secondPass ? 2 : 1, github.lastRateLimit(), clock.instant().truncatedTo(ChronoUnit.SECONDS),
                uncertainty, secondPass, passes.notModified(), passes.skippedSecondPass());
    }

    /** The transport of one invocation's listing: page {@code n} is page 1's {@code next} link with {@code page=n}. */
    private final class Pages implements TwoPassListing.PageSource {
        private final String token;
        private final InvocationBudget budget;
        private final boolean refreshed;
        private volatile URI pageTemplate;

        Pages(String token, InvocationBudget budget, boolean refreshed) {
            this.token = token;
            this.budget = budget;
            this.refreshed = refreshed;
        }

        @Override
        public TwoPassListing.PageAnswer fetch(int number, String etag) {
            URI page = number == 1 ? firstPage : LinkHeader.withPage(pageTemplate, number);
            Optional<GitHubClient.Response> answer;
            try {
                answer = etag == null ? Optional.of(github.get(page, token, what, refreshed, budget))
                        : github.getIfNoneMatch(page, etag, token, what, refreshed, budget);
            } catch (OrganizationNotFoundException notFound) {
                if (runnerGroupId.isEmpty()) {
                    throw notFound;
                }
                throw new OrganizationNotFoundException(notFound.getMessage() + " GitHub answers 404 too when the"
                        + " organization has no runner group " + runnerGroupId.getAsLong() + " (RUNNER_GROUP_ID; GET /orgs/"
                        + "{org}/actions/runner-groups lists them).");
            }
            if (answer.isEmpty()) {
                return TwoPassListing.PageAnswer.notModified(etag);
            }
            GitHubClient.Response response = answer.get();
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
            if (number == 1 && links.next().isPresent()) {
                pageTemplate = links.next().get();
                LinkHeader.withPage(pageTemplate, 2);
            }
            return new TwoPassListing.PageAnswer(parsed, response.header("ETag").orElse(null), links.next().isPresent(), lastPage);
        }
    }
}
