package dev.recordmetric.listrunners;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts of a complete listing of a fleet that may have moved while it was read, and how far
 * each can be from the truth: {@link #of}.
 *
 * <p><b>Why a bound, not a snapshot.</b> A paginated listing observes each runner once, at its
 * page's fetch time; no number of re-listings makes that a snapshot. Take any moment τ between the
 * end of the first pass and the start of the second. A runner's count in the estimate differs from
 * its truth at τ only if (i) its presence or state changed between its two observations, or (ii) it
 * was present at τ and neither pass saw it (a deregistration before it shifted it across a page
 * boundary between the fetches of those two pages, in both passes, or GitHub's pages never served
 * it). Every (i) is a runner whose two observations differ, which the estimate counts per pool and
 * state ({@code changes}); (ii) is allowed for with the departures the passes observed (each
 * shift needs one) and the runners {@code total_count} promised that neither pass served
 * ({@code unseen}). So |estimate − truth(τ)| ≤ bound, and since truth(τ) lies within the range the
 * true count took during the run, so does the estimate, within the bound. A runner that changed
 * twice between its observations (and so looks unchanged) escapes; at the rates the issue names
 * that is rarer than one runner in a thousand runs, and the randomized tests judge the bound
 * against the recorded truth rather than take this on trust.
 *
 * <p><b>The estimate.</b> A runner's latest observation counts, except a runner that the first pass
 * saw and the second shows gone: its neighbours in the listing order, seen again side by side on
 * one page of the second pass, leave no place it could have been. A runner missing from the second
 * pass where a page boundary lies could have been shifted past it, so its first observation counts.
 * Runners seen twice in one pass are counted once.
 *
 * <p><b>Without a second pass</b> (no time left for it), the evidence is the first pass alone: the
 * changes of {@code total_count} between its pages, runners seen twice (a shift that duplicates one
 * misses another when the pages come in the other order) and runners promised but not served;
 * state flips leave no trace there, which {@link #secondPass()} tells whoever reads the bound.
 *
 * @param runners de-duplicated by pool and runner id
 * @param runnersSeen distinct runner ids counted, labelled or not
 * @param bound per pool, per state ({@link RunnerState#ordinal()}): how far the count can be from
 *     the range its truth took during the listing
 * @param secondPass whether a second pass was compared
 * @param changed runners whose two observations differ (state changed, registered, or gone)
 * @param gone runners seen by the first pass that the second shows deregistered
 * @param unsure runners seen by the first pass only, at a page boundary of the second
 * @param duplicates runners served twice within one pass
 * @param unseen runners {@code total_count} promised that neither pass served
 */
record CountEstimate(Collection<Runner> runners, int runnersSeen, int[][] bound, boolean secondPass, int changed,
        int gone, int unsure, int duplicates, int unseen) {

    private static final int STATES = RunnerState.values().length;

    /** The largest of a pool's three bounds: each of its counts is within this of its truth's range. */
    int poolBound(int pool) {
        int largest = 0;
        for (int value : bound[pool]) {
            largest = Math.max(largest, value);
        }
        return largest;
    }

    /**
     * This estimate with each pool's bound raised by {@code allowance[pool]}: for changes the
     * evidence could not show (no second pass), at the rate a previous run measured.
     */
    CountEstimate plus(int[] allowance) {
        int[][] raised = new int[bound.length][];
        for (int pool = 0; pool < bound.length; pool++) {
            raised[pool] = bound[pool].clone();
            for (int state = 0; state < STATES; state++) {
                raised[pool][state] += allowance[pool];
            }
        }
        return new CountEstimate(runners, runnersSeen, raised, secondPass, changed, gone, unsure, duplicates, unseen);
    }

    /**
     * @param first the first pass's pages, in page order
     * @param second the second pass's pages in page order (a page answered 304 Not Modified is the
     *     first pass's page), or empty when no second pass was made
     * @param pools how many pools the pages' runners are counted for
     */
    static CountEstimate of(List<RunnerPage> first, List<RunnerPage> second, int pools) {
        Pass one = new Pass(first);
        if (second.isEmpty()) {
            int unseen = Math.max(0, one.maxTotal - one.order.size());
            int spread = one.maxTotal - one.minTotal;
            int allowance = spread + one.duplicates + unseen;
            int[][] bound = new int[pools][STATES];
            for (int[] pool : bound) {
                Arrays.fill(pool, allowance);
            }
            return new CountEstimate(one.labelled.values(), one.order.size(), bound, false, 0, 0, 0, one.duplicates, unseen);
        }
        Pass two = new Pass(second);
        int[][] bound = new int[pools][STATES];
        Map<List<Long>, Runner> counted = new LinkedHashMap<>(two.labelled);
        int changed = 0;
        int gone = 0;
        int unsure = 0;
        long[] sequence = one.sequence();
        int[] before = new int[sequence.length];
        int[] after = new int[sequence.length];
        int last = -1;
        for (int i = 0; i < sequence.length; i++) {
            before[i] = last;
            if (two.order.containsKey(sequence[i])) {
                last = i;
            }
        }
        last = -1;
        for (int i = sequence.length - 1; i >= 0; i--) {
            after[i] = last;
            if (two.order.containsKey(sequence[i])) {
                last = i;
            }
        }
        for (int i = 0; i < sequence.length; i++) {
            long id = sequence[i];
            if (two.order.containsKey(id)) {
                changed += compare(one, two, id, pools, bound) ? 1 : 0;
                continue;
            }
            changed++;
            boolean isGone = two.leavesNoPlaceBetween(before[i] < 0 ? null : sequence[before[i]],
                    after[i] < 0 ? null : sequence[after[i]]);
            if (isGone) {
                gone++;
            } else {
                unsure++;
            }
            for (int pool = 0; pool < pools; pool++) {
                Runner seen = one.labelled.get(List.of((long) pool, id));
                if (seen != null) {
                    bound[pool][seen.state().ordinal()]++;
                    if (!isGone) {
                        counted.put(List.of((long) pool, id), seen);
                    }
                }
            }
        }
        for (Long id : two.order.keySet()) {
            if (!one.order.containsKey(id)) {
                changed++;
                for (int pool = 0; pool < pools; pool++) {
                    Runner seen = two.labelled.get(List.of((long) pool, id));
                    if (seen != null) {
                        bound[pool][seen.state().ordinal()]++;
                    }
                }
            }
        }
        int unseen = Math.max(0, Math.min(one.maxTotal - one.order.size(), two.maxTotal - two.order.size()));
        int residual = gone + unsure + unseen;
        for (int[] pool : bound) {
            for (int state = 0; state < STATES; state++) {
                pool[state] += residual;
            }
        }
        return new CountEstimate(List.copyOf(counted.values()), two.order.size() + unsure, bound, true, changed, gone,
                unsure, one.duplicates + two.duplicates, unseen);
    }

    /** Adds a runner seen by both passes to the bound of each state it was seen in, if they differ. */
    private static boolean compare(Pass one, Pass two, long id, int pools, int[][] bound) {
        boolean differs = false;
        for (int pool = 0; pool < pools; pool++) {
            Runner before = one.labelled.get(List.of((long) pool, id));
            Runner after = two.labelled.get(List.of((long) pool, id));
            if (before != null && after != null && before.state() != after.state()) {
                bound[pool][before.state().ordinal()]++;
                bound[pool][after.state().ordinal()]++;
                differs = true;
            }
        }
        return differs;
    }

    /** One pass's pages: where each runner was served, and its latest observation per pool. */
    private static final class Pass {
        /** Runner id to its first place: page index and position on the page. */
        final Map<Long, int[]> order = new LinkedHashMap<>();
        final Map<List<Long>, Runner> labelled = new HashMap<>();
        final List<RunnerPage> pages;
        int duplicates;
        int minTotal = Integer.MAX_VALUE;
        int maxTotal;

        Pass(List<RunnerPage> pages) {
            this.pages = pages;
            for (int page = 0; page < pages.size(); page++) {
                RunnerPage served = pages.get(page);
                minTotal = Math.min(minTotal, served.totalCount());
                maxTotal = Math.max(maxTotal, served.totalCount());
                long[] ids = served.ids();
                for (int at = 0; at < ids.length; at++) {
                    if (order.putIfAbsent(ids[at], new int[] {page, at}) != null) {
                        duplicates++;
                    }
                }
                // Pages in order: a later page's observation of a shifted runner is the later one.
                served.labelled().forEach(runner -> labelled.put(List.of((long) runner.pool(), runner.id()), runner));
            }
            if (pages.isEmpty()) {
                minTotal = 0;
            }
        }

        long[] sequence() {
            return order.keySet().stream().mapToLong(Long::longValue).toArray();
        }

        /**
         * Whether a runner listed between {@code previous} and {@code next} (either null at the
         * list's ends) would have been served by this pass had it been there: both neighbours on
         * one page, or the first on page 1, or the last before the end of a page that is not full.
         */
        boolean leavesNoPlaceBetween(Long previous, Long next) {
            if (previous == null && next == null) {
                return false;
            }
            if (previous == null) {
                return order.get(next)[0] == 0;
            }
            int[] at = order.get(previous);
            if (next == null) {
                RunnerPage page = pages.get(at[0]);
                boolean lastOnFullPage = at[1] == page.runnersOnPage() - 1 && page.runnersOnPage() == RunnerPage.MAX_RUNNERS;
                return !lastOnFullPage || at[0] + 1 < pages.size();
            }
            return at[0] == order.get(next)[0];
        }
    }
}
