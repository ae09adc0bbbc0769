package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.RateLimitGate;
import dev.recordmetric.errors.AuthenticationException;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.OrganizationNotFoundException;
import dev.recordmetric.errors.RateLimitExhaustedException;
import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.errors.TokenRejectedException;
import dev.recordmetric.errors.TransientException;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.FakeOrganization;
import dev.recordmetric.fakes.FakeRunner;
import dev.recordmetric.fakes.FakeRunners;
import dev.recordmetric.fakes.FleetTruth;
import dev.recordmetric.fakes.Fault;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunnerListerTest {

    private static final String TOKEN = "ghp_listerTestToken0123456789abcdef";
    private static final String LABEL = "installation_id:abc";

    private FakeGitHub github;
    private FakeOrganization org;

    @BeforeEach
    void startGitHub() {
        github = FakeGitHub.start().acceptToken(TOKEN, "admin:org");
        org = github.organization("acme");
    }

    @AfterEach
    void stopGitHub() {
        github.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 101, 250, 10_000})
    void list_countsEveryLabelledRunnerOverAllPages(int count) {
        List<FakeRunner> fleet = FakeRunners.generate(count, "abc");
        org.setRunners(fleet);
        github.rateLimit(1_000_000);

        Listing listing = lister(10).list(TOKEN);

        int expectedPages = Math.max(1, (count + 99) / 100);
        int expectedRequests = expectedPages == 1 ? 1 : 2 * expectedPages;
        assertThat(listing.runners()).hasSize(count);
        assertThat(listing.runnersSeen()).isEqualTo(count);
        assertThat(listing.pages()).isEqualTo(expectedPages);
        assertThat(listing.requests()).as("every page, and every page again, conditionally, when there are more")
                .isEqualTo(expectedRequests);
        assertThat(github.requestCount("/orgs/acme/actions/runners")).isEqualTo(expectedRequests);
        assertThat(listing.notModified()).as("a still fleet: the second pass is all 304").isEqualTo(expectedPages == 1 ? 0 : expectedPages);
        assertThat(listing.uncertainty()).as("a still fleet is counted exactly").containsExactly(0);
        assertThat(countState(listing, RunnerState.BUSY)).isEqualTo(fleet.stream().filter(r -> r.online() && r.busy()).count());
        assertThat(countState(listing, RunnerState.IDLE)).isEqualTo(fleet.stream().filter(r -> r.online() && !r.busy()).count());
        assertThat(countState(listing, RunnerState.OFFLINE)).isEqualTo(fleet.stream().filter(r -> !r.online()).count());
    }

    /** 10,000 runners are 100 pages a minute: a second pass would take what later runs' first passes need of 5,000 an hour. */
    @Test
    void list_whenTheRateLimitLeftCannotPayLaterRunsFirstPasses_publishesWithoutASecondPassAndSaysWhy() {
        org.setRunners(FakeRunners.generate(10_000, "abc"));

        Listing listing = lister(10).list(TOKEN);

        assertThat(listing.runners()).hasSize(10_000);
        assertThat(listing.requests()).isEqualTo(100);
        assertThat(listing.secondPass()).isFalse();
        assertThat(listing.noSecondPass()).contains("requests are left of the primary rate limit");
    }

    @Test
    void list_sendsGitHubsHeadersAndAsks100PerPage() {
        org.setRunners(FakeRunners.generate(3, "abc"));

        lister(10).list(TOKEN);

        var request = github.requests().get(0);
        assertThat(request.query()).contains("per_page=100");
        assertThat(request.header("Accept")).contains("application/vnd.github+json");
        assertThat(request.header("X-GitHub-Api-Version")).contains("2022-11-28");
    }

    @Test
    void list_onGitHubEnterpriseServer_followsTheApiV3Prefix() {
        org.setRunners(FakeRunners.generate(150, "abc"));
        var lister = new RunnerLister(URI.create(github.enterpriseBaseUrl()), "acme", LABEL,
                Clock.systemUTC(), 10);

        Listing listing = lister.list(TOKEN);

        assertThat(listing.runners()).hasSize(150);
        assertThat(github.requestCount("/api/v3/orgs/acme/actions/runners")).as("2 pages, twice").isEqualTo(4);
    }

    @Test
    void list_matchesLabelCaseInsensitivelyButNotNearMisses() {
        org.setRunners(List.of(
                FakeRunner.idle(1, "exact", "self-hosted", "installation_id:abc"),
                FakeRunner.busy(2, "upper", "self-hosted", "INSTALLATION_ID:ABC"),
                FakeRunner.idle(3, "longer", "self-hosted", "installation_id:abcd"),
                FakeRunner.idle(4, "shorter", "self-hosted", "installation_id:ab"),
                FakeRunner.idle(5, "none", "self-hosted")));

        Listing listing = lister(10).list(TOKEN);

        assertThat(listing.runners()).extracting(Runner::name).containsExactlyInAnyOrder("exact", "upper");
        assertThat(listing.runnersSeen()).isEqualTo(5);
    }

    @Test
    void list_keepsOfflineRunnersApartFromOnlineOnes() {
        org.setRunners(List.of(
                FakeRunner.offline(1, "gone", "installation_id:abc"),
                FakeRunner.busy(2, "working", "installation_id:abc")));

        Listing listing = lister(10).list(TOKEN);

        assertThat(listing.runners()).extracting(Runner::state)
                .containsExactlyInAnyOrder(RunnerState.OFFLINE, RunnerState.BUSY);
    }

    @Test
    void list_whenARunnerRegistersBetweenPages_listsAgainAndCountsEachRunnerOnce() {
        org.setRunners(FakeRunners.generate(250, "abc"));
        var inserted = new AtomicBoolean();
        org.onPageServed(page -> {
            if (page == 1 && inserted.compareAndSet(false, true)) {
                org.insertRunner(0, FakeRunner.idle(99, "newcomer", "installation_id:abc"));
            }
        });

        Listing listing = lister(1).list(TOKEN);

        assertThat(listing.runners()).hasSize(251);
        assertThat(listing.runners()).extracting(Runner::id).doesNotHaveDuplicates();
        assertThat(listing.listings()).isEqualTo(2);
    }

    /**
     * Issue 17 replaces "fail inconsistent" for a complete listing: a runner of no pool registering at
     * the head on every page 1 served shifts the pages in both passes, yet every labelled runner was
     * present throughout and is counted, once.
     */
    @Test
    void list_whenTheListKeepsChanging_publishesEveryLabelledRunnerOnce() {
        List<FakeRunner> fleet = FakeRunners.generate(150, "abc");
        org.setRunners(fleet);
        var next = new java.util.concurrent.atomic.AtomicLong(1);
        org.onPageServed(page -> {
            if (page == 1) {
                org.insertRunner(0, FakeRunner.idle(next.getAndIncrement(), "flapping-" + next.get(), "other"));
            }
        });

        Listing listing = lister(1).list(TOKEN);

        assertThat(listing.runners()).extracting(Runner::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(fleet.stream().map(FakeRunner::id).toList());
        assertThat(listing.requests()).as("two listings at most").isLessThanOrEqualTo(2 * (2 + RunnerLister.EXTRA_PAGES));
    }

    /**
     * The shift: after page 1 was served, a runner on page 1 deregisters and another registers at
     * the end. The total stays 250 and 250 distinct ids are seen, but runner 1101, present
     * throughout, moved onto page 1 and was missed; page 1 fetched again shows it.
     */
    @Test
    void list_whenARunnerLeavesPage1AndAnotherRegisters_listsAgainAndMissesNobody() {
        List<FakeRunner> fleet = FakeRunners.generate(250, "abc");
        org.setRunners(fleet);
        var shifted = new AtomicBoolean();
        org.onPageServed(page -> {
            if (page == 1 && shifted.compareAndSet(false, true)) {
                org.removeRunner(fleet.get(4).id());
                org.addRunner(FakeRunner.busy(5000, "newcomer", "installation_id:abc"));
            }
        });

        Listing listing = lister(10).list(TOKEN);

        assertThat(listing.listings()).isEqualTo(2);
        assertThat(listing.runners()).extracting(Runner::id)
                .contains(fleet.get(100).id(), 5000L).doesNotContain(fleet.get(4).id()).doesNotHaveDuplicates()
                .hasSize(250);
    }

    /**
     * Constant churn: on every page served one runner leaves page 1 and another registers. Before
     * issue 17 this failed InconsistentListingException after three listings; now it publishes
     * within two listings' requests, each count within its bound of the range its truth took.
     */
    @Test
    void list_whenRunnersChurnOnEveryPage_publishesWithinTwoListingsWithABoundCoveringTheChurn() {
        org.setRunners(FakeRunners.generate(250, "abc"));
        var truth = new FleetTruth(List.of(LABEL));
        truth.record(System.nanoTime(), org.runners());
        var next = new java.util.concurrent.atomic.AtomicLong(9000);
        org.onPageServed(page -> {
            synchronized (org) {
                org.removeRunner(org.runners().get(0).id());
                org.addRunner(FakeRunner.idle(next.incrementAndGet(), "churn-" + next.get(), LABEL));
                truth.record(System.nanoTime(), org.runners());
            }
        });

        long from = System.nanoTime();
        Listing listing = lister(10).list(TOKEN);
        long to = System.nanoTime();

        assertThat(github.requestCount("/orgs/acme/actions/runners")).as("two listings of 3 pages").isEqualTo(6);
        for (RunnerState state : RunnerState.values()) {
            FleetTruth.Range range = truth.range(LABEL, FleetTruth.State.valueOf(state.name()), from, to);
            assertThat(range.distance(countState(listing, state))).as("%s within %s", state, range)
                    .isLessThanOrEqualTo(listing.uncertainty(0));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Fault.Kind.class, names = "LINK_.*", mode = EnumSource.Mode.MATCH_ALL)
    void list_whenTheLinkHeaderIsBroken_failsMalformedWithinBoundedRequests(Fault.Kind kind) {
        org.setRunners(FakeRunners.generate(250, "abc"));
        github.faults().next(Fault.link(kind));

        assertThatThrownBy(() -> lister(10).list(TOKEN)).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("Link header");
        assertThat(github.requestCount("/orgs/acme/actions/runners")).isLessThanOrEqualTo(4);
    }

    @Test
    void list_whenALaterPagesNextPointsBack_failsMalformedInsteadOfLooping() {
        org.setRunners(FakeRunners.generate(250, "abc"));
        org.onPageServed(page -> {
            if (page == 1) {
                github.faults().next(Fault.link(Fault.Kind.LINK_NEXT_BACKWARDS), Fault.link(Fault.Kind.LINK_NEXT_BACKWARDS));
            }
        });

        assertThatThrownBy(() -> lister(1).list(TOKEN)).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("does not come after page");
    }

    @Test
    void list_whenTheLinkHeaderPointsAtAnotherHost_refusesWithoutSendingTheTokenThere() {
        org.setRunners(FakeRunners.generate(250, "abc"));
        github.faults().next(Fault.link(Fault.Kind.LINK_NEXT_OTHER_HOST));

        assertThatThrownBy(() -> lister(1).list(TOKEN)).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("refusing to send the token there");
        assertThat(github.requests()).as("only page 1, on the configured host").hasSize(1);
    }

    @Test
    void list_whenRateLimited_sendsNothingMoreUntilGitHubAllowsIt() {
        org.setRunners(FakeRunners.generate(10, "abc"));
        github.faults().next(Fault.primaryRateLimit(Duration.ofMinutes(40)));
        RunnerLister lister = lister(10);
        assertThatThrownBy(() -> lister.list(TOKEN)).isInstanceOf(RateLimitExhaustedException.class);

        assertThatThrownBy(() -> lister.list(TOKEN)).as("the warm lister knows the limit is in force")
                .isInstanceOf(RateLimitExhaustedException.class).hasMessageContaining("sends no request");
        assertThat(github.requestCount("/orgs/acme/actions/runners")).isEqualTo(1);
    }

    @Test
    void list_when408_throwsTransient() {
        org.setRunners(FakeRunners.generate(10, "abc"));
        github.faults().next(Fault.requestTimeout());

        assertThatThrownBy(() -> lister(10).list(TOKEN)).isInstanceOf(TransientException.class).hasMessageContaining("HTTP 408");
    }

    @Test
    void list_when429WithoutHeaders_throwsRateLimitedAskingForAMinute() {
        org.setRunners(FakeRunners.generate(10, "abc"));
        github.faults().next(Fault.bareTooManyRequests());

        assertThatThrownBy(() -> lister(10).list(TOKEN)).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("at least one minute");
    }

    @Test
    void list_after429WithoutHeaders_theWarmListerSendsNothingMoreThisMinute() {
        org.setRunners(FakeRunners.generate(10, "abc"));
        github.faults().next(Fault.bareTooManyRequests());
        RunnerLister lister = lister(10);
        assertThatThrownBy(() -> lister.list(TOKEN)).isInstanceOf(RateLimitedException.class);

        assertThatThrownBy(() -> lister.list(TOKEN)).as("the next run within the minute GitHub is owed")
                .isInstanceOf(RateLimitedException.class).hasMessageContaining("sends no request");
        assertThat(github.requestCount("/orgs/acme/actions/runners")).isEqualTo(1);
    }

    @Test
    void list_whenStalledBeyondTheTimeLeft_throwsTransientWithinIt() {
        org.setRunners(FakeRunners.generate(10, "abc"));
        github.faults().next(Fault.slowResponse(Duration.ofSeconds(5)));
        var budget = InvocationBudget.lasting(Duration.ofMillis(1500), Clock.systemUTC());

        assertThatThrownBy(() -> lister(10).list(TOKEN, budget, false))
                .isInstanceOf(TransientException.class).hasMessageContaining("SocketTimeoutException");
    }

    @Test
    void list_fetchesRemainingPagesConcurrentlyWithinTheBound() {
        org.setRunners(FakeRunners.generate(3_000, "abc"));
        github.latency(Duration.ofMillis(50));

        lister(4).list(TOKEN);

        assertThat(github.maxConcurrentRequests()).isBetween(2, 4);
    }

    @Test
    void list_whenSecondaryRateLimit_throwsRateLimited() {
        org.setRunners(FakeRunners.generate(10, "abc"));
        github.faults().next(Fault.secondaryRateLimit(403, Duration.ofSeconds(10)));

        assertThatThrownBy(() -> lister(10).list(TOKEN)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void list_whenPrimaryRateLimitResetsLate_throwsExhausted() {
        org.setRunners(FakeRunners.generate(10, "abc"));
        github.faults().next(Fault.primaryRateLimit(Duration.ofMinutes(40)));

        assertThatThrownBy(() -> lister(10).list(TOKEN)).isInstanceOf(RateLimitExhaustedException.class)
                .hasMessageContaining("resets at");
    }

    @Test
    void list_whenLaterPageFails5xx_throwsTransient() {
        org.setRunners(FakeRunners.generate(250, "abc"));
        org.onPageServed(page -> {
            if (page == 1) {
                github.faults().next(Fault.serverError(502));
            }
        });

        assertThatThrownBy(() -> lister(1).list(TOKEN)).isInstanceOf(TransientException.class)
                .hasMessageContaining("HTTP 502");
    }

    @Test
    void list_whenConnectionReset_throwsTransient() {
        org.setRunners(FakeRunners.generate(10, "abc"));
        // The JDK client may retry an idempotent request once on a reset connection.
        github.faults().next(Fault.connectionReset(), Fault.connectionReset());

        assertThatThrownBy(() -> lister(10).list(TOKEN)).isInstanceOf(TransientException.class);
    }

    @Test
    void list_whenResponseTooSlow_throwsTransient() {
        org.setRunners(FakeRunners.generate(10, "abc"));
        github.faults().next(Fault.slowResponse(Duration.ofSeconds(3)));
        var client = new GitHubClient(URI.create(github.baseUrl()), Clock.systemUTC(), Duration.ofMillis(300),
                new RateLimitGate(Clock.systemUTC()));
        var lister = new RunnerLister(client, "acme", OptionalLong.empty(), List.of(LABEL), Clock.systemUTC(), 10);

        assertThatThrownBy(() -> lister.list(TOKEN)).isInstanceOf(TransientException.class)
                .hasMessageContaining("SocketTimeoutException");
    }

    @Test
    void list_whenBodyIsMalformed_throwsMalformedResponse() {
        org.setRunners(FakeRunners.generate(10, "abc"));
        github.faults().next(Fault.malformedJson());

        assertThatThrownBy(() -> lister(10).list(TOKEN)).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void list_whenTokenUnknown_throwsTokenRejected() {
        assertThatThrownBy(() -> lister(10).list("ghp_unknownToken0123456789abcdefghij"))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("Bad credentials")
                .hasMessageContaining("fetches a new one")
                .message().doesNotContain("ghp_unknownToken");
    }

    @Test
    void list_whenClassicTokenLacksAdminOrg_namesTheScope() {
        github.acceptToken("ghp_noAdminOrgScope0123456789abcdefgh", "repo");

        assertThatThrownBy(() -> lister(10).list("ghp_noAdminOrgScope0123456789abcdefgh"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("admin:org");
    }

    @Test
    void list_whenOrganizationUnknown_throwsNotFound() {
        var lister = new RunnerLister(URI.create(github.baseUrl()), "no-such-org", LABEL,
                Clock.systemUTC(), 10);

        assertThatThrownBy(() -> lister.list(TOKEN)).isInstanceOf(OrganizationNotFoundException.class);
    }

    @Test
    void list_withPools_countsEachPoolsLabelFromOneListing() {
        org.setRunners(List.of(
                FakeRunner.busy(1, "small-1", "installation_id:small"),
                FakeRunner.idle(2, "large-1", "INSTALLATION_ID:LARGE"),
                FakeRunner.idle(3, "both", "installation_id:small", "installation_id:large"),
                FakeRunner.offline(4, "large-2", "installation_id:large"),
                FakeRunner.idle(5, "other", "installation_id:gpu")));
        var lister = new RunnerLister(new GitHubClient(URI.create(github.baseUrl()), Clock.systemUTC()), "acme",
                OptionalLong.empty(), List.of("installation_id:small", "installation_id:large"), Clock.systemUTC(), 10);

        Listing listing = lister.list(TOKEN);

        assertThat(listing.runners()).extracting(Runner::pool, Runner::name).containsExactlyInAnyOrder(
                tuple(0, "small-1"), tuple(1, "large-1"),
                tuple(0, "both"), tuple(1, "both"),
                tuple(1, "large-2"));
        assertThat(listing.runnersSeen()).isEqualTo(5);
        assertThat(github.requestCount("/orgs/acme/actions/runners")).as("one listing for both pools").isEqualTo(1);
    }

    @Test
    void list_withRunnerGroup_listsOnlyThatGroupsRunners() {
        List<FakeRunner> fleet = FakeRunners.generate(250, "abc");
        org.setRunners(fleet);
        org.addRunnerGroup(7, "large");
        long[] inGroup = fleet.stream().mapToLong(FakeRunner::id).filter(id -> id % 2 == 0).toArray();
        org.moveToGroup(7, inGroup);
        var lister = new RunnerLister(new GitHubClient(URI.create(github.baseUrl()), Clock.systemUTC()), "acme",
                OptionalLong.of(7), List.of(LABEL), Clock.systemUTC(), 10);

        Listing listing = lister.list(TOKEN);

        assertThat(listing.runnersSeen()).isEqualTo(125);
        assertThat(listing.runners()).allSatisfy(runner -> assertThat(runner.id() % 2).isZero()).hasSize(125);
        assertThat(listing.pages()).isEqualTo(2);
        assertThat(github.requestCount("/orgs/acme/actions/runner-groups/7/runners")).as("2 pages, twice").isEqualTo(4);
        assertThat(github.requestCount("/orgs/acme/actions/runners")).isZero();
    }

    @Test
    void list_whenRunnerGroupUnknown_throwsNotFoundNamingTheGroup() {
        var lister = new RunnerLister(new GitHubClient(URI.create(github.baseUrl()), Clock.systemUTC()), "acme",
                OptionalLong.of(99), List.of(LABEL), Clock.systemUTC(), 10);

        assertThatThrownBy(() -> lister.list(TOKEN)).isInstanceOf(OrganizationNotFoundException.class)
                .hasMessageContaining("runner group 99").hasMessageContaining("RUNNER_GROUP_ID");
    }

    private RunnerLister lister(int maxInFlight) {
        return new RunnerLister(URI.create(github.baseUrl()), "acme", LABEL,
                Clock.systemUTC(), maxInFlight);
    }

    private static long countState(Listing listing, RunnerState state) {
        return listing.runners().stream().filter(r -> r.state() == state).count();
    }
}
