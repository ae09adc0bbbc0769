package dev.recordmetric.listrunners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The estimator against a simulated GitHub whose fleet changes between any two page fetches, in
 * the orders concurrent fetching produces (pages after page 1 in any order): over many seeded runs
 * every count must lie within its bound of the range its truth took during the run. Pure and fast;
 * the same judge runs against the fake GitHub over HTTP in {@code RunnerListerTurnoverTest}.
 */
class CountEstimateRandomizedTest {

    private static final int POOLS = 2;

    @Test
    void of_overManyRandomRuns_everyCountLiesWithinItsBoundOfTheTruthsRange() {
        int runs = 2_000;
        int worstExcess = Integer.MIN_VALUE;
        int largestBound = 0;
        int largestError = 0;
        for (int seed = 1; seed <= runs; seed++) {
            Outcome outcome = simulate(new Random(seed));
            worstExcess = Math.max(worstExcess, outcome.error() - outcome.bound());
            largestBound = Math.max(largestBound, outcome.bound());
            largestError = Math.max(largestError, outcome.error());
            assertThat(outcome.error()).as("seed %d: %s", seed, outcome).isLessThanOrEqualTo(outcome.bound());
        }
        System.out.println(runs + " simulated runs: largest error " + largestError + ", largest bound " + largestBound);
        assertThat(largestError).as("the simulation moves the fleet enough to matter").isPositive();
    }

    private record Outcome(int error, int bound, String detail) {
        @Override
        public String toString() {
            return "error " + error + ", bound " + bound + ": " + detail;
        }
    }

    /** One run: two passes over a fleet that changes 0 to 2 times between any two fetches. */
    private static Outcome simulate(Random random) {
        var fleet = new SimulatedFleet(random, 150 + random.nextInt(600));
        double changeChance = random.nextDouble() * 0.8;
        List<RunnerPage> first = pass(fleet, random, changeChance, null);
        List<RunnerPage> second = pass(fleet, random, changeChance, first);
        CountEstimate estimate = CountEstimate.of(first, second, POOLS);
        int[][] counted = new int[POOLS][3];
        estimate.runners().forEach(runner -> counted[runner.pool()][runner.state().ordinal()]++);
        int error = 0;
        int bound = 0;
        String detail = "";
        for (int pool = 0; pool < POOLS; pool++) {
            for (int state = 0; state < 3; state++) {
                int excess = Math.max(0, Math.max(fleet.min[pool][state] - counted[pool][state],
                        counted[pool][state] - fleet.max[pool][state]));
                if (excess - estimate.bound()[pool][state] > error - bound || detail.isEmpty()) {
                    error = excess;
                    bound = estimate.bound()[pool][state];
                    detail = "pool " + pool + " state " + RunnerState.values()[state] + " counted " + counted[pool][state]
                            + " truth " + fleet.min[pool][state] + ".." + fleet.max[pool][state] + ", " + fleet.changes
                            + " changes, gone " + estimate.gone() + ", unsure " + estimate.unsure() + ", unseen " + estimate.unseen();
                }
            }
        }
        return new Outcome(error, bound, detail);
    }

    /** A pass: page 1, the rest in a random order, then pages while the fleet has more; a 304 for an unchanged page. */
    private static List<RunnerPage> pass(SimulatedFleet fleet, Random random, double changeChance, List<RunnerPage> previous) {
        List<RunnerPage> pages = new ArrayList<>();
        int known = previous == null ? fleet.pagesNow() : previous.size();
        List<Integer> order = new ArrayList<>();
        for (int page = 2; page <= known; page++) {
            order.add(page);
        }
        Collections.shuffle(order, random);
        order.add(0, 1);
        RunnerPage[] fetched = new RunnerPage[known];
        for (int page : order) {
            fleet.maybeChange(random, changeChance);
            RunnerPage served = fleet.page(page);
            RunnerPage before = previous == null ? null : previous.get(page - 1);
            fetched[page - 1] = before != null && same(before, served) ? before : served;
        }
        pages.addAll(Arrays.asList(fetched));
        while (fleet.size() > pages.size() * RunnerPage.MAX_RUNNERS) {
            fleet.maybeChange(random, changeChance);
            pages.add(fleet.page(pages.size() + 1));
        }
        return pages;
    }

    private static boolean same(RunnerPage a, RunnerPage b) {
        return a.totalCount() == b.totalCount() && Arrays.equals(a.ids(), b.ids()) && a.labelled().equals(b.labelled());
    }

    /** Runners in registration order; the truth's range recorded after every change. */
    private static final class SimulatedFleet {
        private final List<long[]> runners = new ArrayList<>();
        final int[][] min = new int[POOLS][3];
        final int[][] max = new int[POOLS][3];
        int changes;
        private long nextId = 1;

        SimulatedFleet(Random random, int size) {
            for (int i = 0; i < size; i++) {
                register(random);
            }
            for (int[] row : min) {
                Arrays.fill(row, Integer.MAX_VALUE);
            }
            record();
        }

        int size() {
            return runners.size();
        }

        int pagesNow() {
            return Math.max(1, (runners.size() + RunnerPage.MAX_RUNNERS - 1) / RunnerPage.MAX_RUNNERS);
        }

        /** A runner: id, pool (2: none), state ordinal. */
        private void register(Random random) {
            runners.add(new long[] {nextId++, random.nextInt(3), random.nextInt(3)});
        }

        void maybeChange(Random random, double chance) {
            while (random.nextDouble() < chance) {
                int kind = random.nextInt(4);
                if (kind == 0 || runners.isEmpty()) {
                    register(random);
                } else if (kind == 1) {
                    runners.remove(random.nextInt(runners.size()));
                } else {
                    long[] runner = runners.get(random.nextInt(runners.size()));
                    runner[2] = runner[2] == RunnerState.OFFLINE.ordinal() ? runner[2] : 1 - runner[2];
                }
                changes++;
                record();
            }
        }

        private void record() {
            int[][] counts = new int[POOLS][3];
            for (long[] runner : runners) {
                if (runner[1] < POOLS) {
                    counts[(int) runner[1]][(int) runner[2]]++;
                }
            }
            for (int pool = 0; pool < POOLS; pool++) {
                for (int state = 0; state < 3; state++) {
                    min[pool][state] = Math.min(min[pool][state], counts[pool][state]);
                    max[pool][state] = Math.max(max[pool][state], counts[pool][state]);
                }
            }
        }

        RunnerPage page(int number) {
            int from = Math.min((number - 1) * RunnerPage.MAX_RUNNERS, runners.size());
            int to = Math.min(from + RunnerPage.MAX_RUNNERS, runners.size());
            long[] ids = new long[to - from];
            List<Runner> labelled = new ArrayList<>();
            for (int i = from; i < to; i++) {
                long[] runner = runners.get(i);
                ids[i - from] = runner[0];
                if (runner[1] < POOLS) {
                    RunnerState state = RunnerState.values()[(int) runner[2]];
                    labelled.add(new Runner(runner[0], "r" + runner[0], state != RunnerState.OFFLINE, state == RunnerState.BUSY,
                            (int) runner[1]));
                }
            }
            return new RunnerPage(runners.size(), ids, labelled);
        }
    }
}
