package dev.recordmetric.listrunners;

import dev.recordmetric.common.GitHubRateLimit;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The labelled runners of one complete listing, and how far their counts can be from the truth
 * while they were listed ({@link CountEstimate}).
 *
 * @param runners de-duplicated by pool and runner id
 * @param runnersSeen all runners counted, labelled or not (distinct ids)
 * @param pages the pages of the first pass
 * @param requests every GitHub request of this invocation, both passes (304 answers included)
 * @param listings the passes made: 1, or 2 with a second pass
 * @param rateLimit the rate-limit headers of the last response received
 * @param observedAt when the listing finished
 * @param uncertainty per pool (in {@link ListRunnersConfig#pools()}' order), the largest distance of
 *     its busy, idle or offline count from the range its truth took during the listing: 0 for a
 *     still fleet
 * @param secondPass whether a second pass checked the first (a one-page listing needs none)
 * @param notModified requests answered 304 Not Modified (not counted against the primary rate limit)
 * @param noSecondPass why a listing of more than one page had no second pass, or empty
 */
record Listing(Collection<Runner> runners, int runnersSeen, int pages, int requests, int listings,
        GitHubRateLimit rateLimit, Instant observedAt, List<Integer> uncertainty, boolean secondPass, int notModified,
        String noSecondPass) {

    Listing {
        uncertainty = List.copyOf(uncertainty);
    }

    /** An exact listing (a snapshot: one page, or made up for tests and priming). */
    Listing(Collection<Runner> runners, int runnersSeen, int pages, int requests, int listings, GitHubRateLimit rateLimit,
            Instant observedAt) {
        this(runners, runnersSeen, pages, requests, listings, rateLimit, observedAt, List.of(), false, 0, "");
    }

    /** The same listing with these runners (the ledger's corrections of their busy flags). */
    Listing withRunners(Collection<Runner> corrected) {
        return new Listing(corrected, runnersSeen, pages, requests, listings, rateLimit, observedAt, uncertainty, secondPass,
                notModified, noSecondPass);
    }

    /** The pool's uncertainty; 0 for a pool the listing gives none (an exact listing). */
    int uncertainty(int pool) {
        return pool < uncertainty.size() ? uncertainty.get(pool) : 0;
    }

    /** The largest of the pools' uncertainties. */
    int largestUncertainty() {
        return uncertainty.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
