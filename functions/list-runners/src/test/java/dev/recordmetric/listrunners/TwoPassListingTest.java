package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fetch strategy over an in-memory GitHub: which pages it asks for, and when it stops. */
class TwoPassListingTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T13:20:00Z"));
    private final ListingConcurrency concurrency = new ListingConcurrency(4, clock);

    @Test
    void list_whenTheFleetIsStill_asksEveryPageTwiceAndTheSecondTimeIsAll304() {
        var github = new InMemoryGitHub(fleet(250));

        TwoPassListing.Passes passes = new TwoPassListing(concurrency).list(github, () -> Duration.ofSeconds(8), "listing");

        assertThat(passes.requests()).isEqualTo(6);
        assertThat(passes.notModified()).isEqualTo(3);
        assertThat(passes.second()).isEqualTo(passes.first());
        assertThat(CountEstimate.of(passes.first(), passes.second(), 1).bound()[0]).containsExactly(0, 0, 0);
    }

    @Test
    void list_whenOnePageHoldsTheFleet_asksOnce() {
        var github = new InMemoryGitHub(fleet(80));

        TwoPassListing.Passes passes = new TwoPassListing(concurrency).list(github, () -> Duration.ofSeconds(8), "listing");

        assertThat(passes.requests()).isEqualTo(1);
        assertThat(passes.second()).isEqualTo(passes.first());
    }

    @Test
    void list_whenTheTimeLeftIsShorterThanTheFirstPassTook_skipsTheSecondPassAndSaysWhy() {
        var github = new InMemoryGitHub(fleet(250));

        TwoPassListing.Passes passes = new TwoPassListing(concurrency).list(github, () -> Duration.ZERO, "listing");

        assertThat(passes.requests()).isEqualTo(3);
        assertThat(passes.second()).isEmpty();
        assertThat(passes.skippedSecondPass()).contains("ms were left");
    }

    @Test
    void list_whenARunnerFlipsBetweenThePasses_theSecondPassSeesTheChangedPage() {
        var github = new InMemoryGitHub(fleet(250));
        var served = new AtomicInteger();
        github.afterServing = () -> {
            if (served.incrementAndGet() == 3) {
                Runner runner = github.runners.get(170);
                github.runners.set(170, new Runner(runner.id(), runner.name(), true, !runner.busy()));
            }
        };

        TwoPassListing.Passes passes = new TwoPassListing(concurrency).list(github, () -> Duration.ofSeconds(8), "listing");

        assertThat(passes.notModified()).as("pages 1 and 3 unchanged").isEqualTo(2);
        CountEstimate estimate = CountEstimate.of(passes.first(), passes.second(), 1);
        assertThat(estimate.changed()).isEqualTo(1);
        assertThat(estimate.poolBound(0)).isEqualTo(1);
    }

    @Test
    void list_whenTheRateLimitLeftCannotPayLaterRunsFirstPasses_skipsTheSecondPass() {
        var github = new InMemoryGitHub(fleet(250));
        var reset = clock.instant().plusSeconds(600);
        var low = rateLimit(32, reset);

        TwoPassListing.Passes passes = new TwoPassListing(concurrency).list(github, () -> Duration.ofSeconds(8), () -> low,
                clock::instant, "listing");

        assertThat(passes.second()).isEmpty();
        assertThat(passes.skippedSecondPass()).contains("32 requests are left");
        assertThat(TwoPassListing.affordable(rateLimit(33, reset), 3, clock.instant())).as("3 now and 3 for each of 10 runs")
                .isTrue();
        assertThat(TwoPassListing.affordable(dev.recordmetric.common.GitHubRateLimit.NONE, 3, clock.instant())).isTrue();
    }

    @Test
    void list_afterASecondaryRateLimit_listsOnePageAtATimeUntilTheNextHour() {
        var github = new InMemoryGitHub(fleet(250));
        github.failPage = 2;

        assertThatThrownBy(() -> new TwoPassListing(concurrency).list(github, () -> Duration.ofSeconds(8), "listing"))
                .isInstanceOf(RateLimitedException.class);

        assertThat(concurrency.now()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(39).plusSeconds(59));
        assertThat(concurrency.now()).as("13:59:59").isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(concurrency.now()).as("14:00").isEqualTo(4);
    }

    private static dev.recordmetric.common.GitHubRateLimit rateLimit(int remaining, Instant reset) {
        return dev.recordmetric.common.GitHubRateLimit.from(java.util.Map.of("x-ratelimit-limit", List.of("5000"),
                "x-ratelimit-remaining", List.of(Integer.toString(remaining)), "x-ratelimit-used", List.of("1"),
                "x-ratelimit-reset", List.of(Long.toString(reset.getEpochSecond())), "x-ratelimit-resource", List.of("core")));
    }

    private static List<Runner> fleet(int size) {
        var fleet = new ArrayList<Runner>();
        for (int i = 0; i < size; i++) {
            fleet.add(new Runner(1000 + i, "r" + i, true, i % 2 == 0));
        }
        return fleet;
    }

    /** Pages of 100 with GitHub's total_count, Link presence and a tag over each page's content. */
    private static final class InMemoryGitHub implements TwoPassListing.PageSource {
        final List<Runner> runners;
        volatile Runnable afterServing = () -> { };
        volatile int failPage;

        InMemoryGitHub(List<Runner> runners) {
            this.runners = new ArrayList<>(runners);
        }

        @Override
        public synchronized TwoPassListing.PageAnswer fetch(int number, String etag) {
            if (number == failPage) {
                throw new RateLimitedException("secondary rate limit", Instant.now().plusSeconds(60));
            }
            int from = Math.min((number - 1) * 100, runners.size());
            List<Runner> on = List.copyOf(runners.subList(from, Math.min(from + 100, runners.size())));
            String tag = "W/\"" + (runners.size() + "|" + on).hashCode() + "\"";
            int last = Math.max(1, (runners.size() + 99) / 100);
            TwoPassListing.PageAnswer answer = tag.equals(etag) ? TwoPassListing.PageAnswer.notModified(tag)
                    : new TwoPassListing.PageAnswer(new RunnerPage(runners.size(), on.stream().mapToLong(Runner::id).toArray(), on),
                            tag, number < last, number < last ? OptionalInt.of(last) : OptionalInt.empty());
            afterServing.run();
            return answer;
        }
    }
}
