package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The estimator on pages made by hand: each case a way a moving fleet is seen by two passes. */
class CountEstimateTest {

    private static final int BUSY = RunnerState.BUSY.ordinal();
    private static final int IDLE = RunnerState.IDLE.ordinal();
    private static final int OFFLINE = RunnerState.OFFLINE.ordinal();

    @Test
    void of_whenTheSecondPassIsAll304_countsExactlyWithBoundZero() {
        List<Runner> fleet = fleet(250);
        List<RunnerPage> pages = pages(fleet);

        CountEstimate estimate = CountEstimate.of(pages, pages, 1);

        assertThat(counts(estimate)).isEqualTo(truth(fleet));
        assertThat(estimate.bound()[0]).containsExactly(0, 0, 0);
        assertThat(estimate.runnersSeen()).isEqualTo(250);
        assertThat(estimate.secondPass()).isTrue();
    }

    @Test
    void of_whenARunnerFlippedBetweenThePasses_countsItsLaterStateAndBoundsBothStates() {
        List<Runner> fleet = fleet(250);
        List<Runner> later = replace(fleet, 120, runner -> new Runner(runner.id(), runner.name(), true, !runner.busy()));

        CountEstimate estimate = CountEstimate.of(pages(fleet), pages(later), 1);

        assertThat(counts(estimate)).isEqualTo(truth(later));
        assertThat(estimate.bound()[0][BUSY]).isEqualTo(1);
        assertThat(estimate.bound()[0][IDLE]).isEqualTo(1);
        assertThat(estimate.bound()[0][OFFLINE]).isZero();
        assertThat(estimate.changed()).isEqualTo(1);
    }

    /**
     * The shift: after page 2 is served, runner 150 (page 2) deregisters and a runner
     * registers at the end; page 3 then starts one later, so runner 200, present throughout, is on no
     * page of the first pass. The second pass sees the fleet as it is now.
     */
    @Test
    void of_whenAShiftHidesARunnerPresentThroughout_theSecondPassCountsItAndTheBoundCoversTheChange() {
        List<Runner> fleet = fleet(250);
        List<Runner> after = new ArrayList<>(fleet);
        Runner left = after.remove(150);
        after.add(new Runner(5000, "newcomer", true, true));
        List<RunnerPage> first = List.of(page(fleet, 0, 250), page(fleet, 100, 250), page(after, 200, 250));
        assertThat(Arrays.stream(first.get(2).ids()).boxed().toList()).as("the shift hides runner 200")
                .doesNotContain(fleet.get(200).id());

        CountEstimate estimate = CountEstimate.of(first, pages(after), 1);

        assertThat(ids(estimate)).contains(fleet.get(200).id(), 5000L).doesNotContain(left.id()).hasSize(250);
        assertThat(counts(estimate)).isEqualTo(truth(after));
        assertThat(estimate.gone()).isEqualTo(1);
        assertThat(estimate.bound()[0][fleet.get(200).state().ordinal()]).isGreaterThanOrEqualTo(1);
    }

    /** The mirror: a registration at the head shifts page 2's first runner onto page 3 too: served twice. */
    @Test
    void of_whenARegistrationOnAnEarlierPageDuplicatesARunner_countsItOnce() {
        List<Runner> fleet = fleet(250);
        List<Runner> after = new ArrayList<>(fleet);
        after.add(0, new Runner(7, "inserted", true, false));
        List<RunnerPage> first = List.of(page(fleet, 0, 250), page(fleet, 100, 250), page(after, 200, 251));

        CountEstimate estimate = CountEstimate.of(first, pages(after), 1);

        assertThat(ids(estimate)).doesNotHaveDuplicates().contains(7L).hasSize(251);
        assertThat(counts(estimate)).isEqualTo(truth(after));
        assertThat(estimate.duplicates()).isEqualTo(1);
    }

    /** A runner of the first pass missing from the second where a page boundary lies may have been shifted past it. */
    @Test
    void of_whenARunnerIsMissingAtAPageBoundaryOfTheSecondPass_keepsItAndBoundsIt() {
        List<Runner> fleet = fleet(250);
        List<Runner> shifted = new ArrayList<>(fleet);
        shifted.remove(10);
        // Second pass: page 1 before runner 10 left; pages 2 and 3 after, so runner 100 is on no page.
        List<RunnerPage> second = List.of(page(fleet, 0, 250), page(shifted, 100, 249), page(shifted, 200, 249));

        CountEstimate estimate = CountEstimate.of(pages(fleet), second, 1);

        assertThat(ids(estimate)).contains(fleet.get(100).id());
        assertThat(estimate.unsure()).isEqualTo(1);
        assertThat(counts(estimate)).isEqualTo(truth(fleet));
        assertThat(estimate.bound()[0][fleet.get(100).state().ordinal()]).isGreaterThanOrEqualTo(2);
    }

    @Test
    void of_whenARunnerDeregisteredMidPage_excludesItAndBoundsItsState() {
        List<Runner> fleet = fleet(250);
        List<Runner> after = new ArrayList<>(fleet);
        Runner left = after.remove(42);

        CountEstimate estimate = CountEstimate.of(pages(fleet), pages(after), 1);

        assertThat(ids(estimate)).doesNotContain(left.id()).hasSize(249);
        assertThat(estimate.gone()).isEqualTo(1);
        assertThat(estimate.bound()[0][left.state().ordinal()]).isEqualTo(2);
    }

    @Test
    void of_withoutASecondPass_boundsWithTheFirstPassEvidence() {
        List<Runner> fleet = fleet(250);
        List<Runner> after = new ArrayList<>(fleet);
        after.remove(150);
        after.add(new Runner(5000, "newcomer", true, true));
        List<RunnerPage> still = pages(fleet);
        List<RunnerPage> moved = List.of(page(fleet, 0, 250), page(fleet, 100, 250), page(after, 200, 251));

        assertThat(CountEstimate.of(still, List.of(), 1).bound()[0]).containsExactly(0, 0, 0);
        CountEstimate estimate = CountEstimate.of(moved, List.of(), 1);
        assertThat(estimate.secondPass()).isFalse();
        assertThat(estimate.bound()[0]).as("total_count moved by 1, 1 runner promised but not served").containsExactly(2, 2, 2);
    }

    /** GitHub repeating page 1's last runner first on page 2 pushes the fleet's last runner off the last page. */
    @Test
    void of_whenGitHubRepeatsARunnerAcrossPages_countsItOnceAndBoundsTheRunnerNeverServed() {
        List<Runner> fleet = fleet(300);
        List<Runner> served = new ArrayList<>(fleet);
        served.add(100, fleet.get(99));
        List<RunnerPage> pages = List.of(page(served, 0, 300), page(served, 100, 300), page(served, 200, 300));

        CountEstimate estimate = CountEstimate.of(pages, pages, 1);

        assertThat(ids(estimate)).doesNotHaveDuplicates().hasSize(299);
        assertThat(estimate.unseen()).isEqualTo(1);
        assertThat(estimate.bound()[0]).containsExactly(1, 1, 1);
    }

    @Test
    void changeRate_whenASecondPassWasSkipped_raisesTheBoundByTheLastMeasuredRate() {
        List<Runner> fleet = fleet(250);
        List<Runner> later = replace(replace(fleet, 120, r -> new Runner(r.id(), r.name(), true, !r.busy())), 130,
                r -> new Runner(r.id(), r.name(), true, !r.busy()));
        var rate = new ChangeRate();
        assertThat(rate.allowance(1, java.time.Duration.ofSeconds(2))).as("nothing measured yet").containsExactly(0);

        rate.measured(CountEstimate.of(pages(fleet), pages(later), 1), java.time.Duration.ofSeconds(4));
        CountEstimate alone = CountEstimate.of(pages(later), List.of(), 1);

        assertThat(alone.plus(rate.allowance(1, java.time.Duration.ofSeconds(3))).bound()[0])
                .as("a bound of 2 in 4 s, over 3 s: 1.5, rounded up").containsExactly(2, 2, 2);
    }

    @Test
    void of_withTwoPools_boundsEachPoolByItsOwnChanges() {
        List<Runner> fleet = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            fleet.add(new Runner(1000 + i, "r" + i, true, i % 2 == 0, i % 3 == 0 ? 1 : 0));
        }
        List<Runner> later = replace(fleet, 1, runner -> new Runner(runner.id(), runner.name(), true, !runner.busy(), runner.pool()));

        CountEstimate estimate = CountEstimate.of(pages(fleet), pages(later), 2);

        assertThat(estimate.poolBound(0)).isEqualTo(1);
        assertThat(estimate.poolBound(1)).isZero();
    }

    // Runner ids from 1000 in listing order; a third busy, a third idle, a third offline.
    private static List<Runner> fleet(int size) {
        List<Runner> fleet = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            fleet.add(new Runner(1000 + i, "r" + i, i % 3 != 2, i % 3 == 0));
        }
        return fleet;
    }

    private static List<Runner> replace(List<Runner> fleet, int index, UnaryOperator<Runner> change) {
        List<Runner> copy = new ArrayList<>(fleet);
        copy.set(index, change.apply(copy.get(index)));
        return copy;
    }

    private static List<RunnerPage> pages(List<Runner> fleet) {
        List<RunnerPage> pages = new ArrayList<>();
        for (int from = 0; from < Math.max(1, fleet.size()); from += RunnerPage.MAX_RUNNERS) {
            pages.add(page(fleet, from, fleet.size()));
        }
        return pages;
    }

    private static RunnerPage page(List<Runner> fleet, int from, int totalCount) {
        List<Runner> on = fleet.subList(Math.min(from, fleet.size()), Math.min(from + RunnerPage.MAX_RUNNERS, fleet.size()));
        return new RunnerPage(totalCount, on.stream().mapToLong(Runner::id).toArray(), List.copyOf(on));
    }

    private static int[][] counts(CountEstimate estimate) {
        return countsOf(estimate.runners(), estimate.bound().length);
    }

    private static int[][] truth(List<Runner> fleet) {
        return countsOf(fleet, 1);
    }

    private static int[][] countsOf(Iterable<Runner> runners, int pools) {
        int[][] counts = new int[Math.max(1, pools)][3];
        for (Runner runner : runners) {
            counts[runner.pool()][runner.state().ordinal()]++;
        }
        return counts;
    }

    private static List<Long> ids(CountEstimate estimate) {
        return estimate.runners().stream().map(Runner::id).toList();
    }
}
