package dev.recordmetric.listrunners;

import dev.recordmetric.common.GitHubRateLimit;
import java.time.Instant;
import java.util.Collection;

/**
 * The labelled runners of one complete, consistent listing.
 *
 * @param runners de-duplicated by runner id
 * @param runnersSeen all runners listed, labelled or not (distinct ids; equals every page's total_count)
 * @param pages the pages of the accepted listing
 * @param requests every GitHub request of this invocation, re-listings and page 1's re-check included
 * @param listings how many times the organization was listed: more than one when the runner list
 *     changed while it was paged through
 * @param rateLimit the rate-limit headers of the last response received
 * @param observedAt when the listing finished
 */
record Listing(Collection<Runner> runners, int runnersSeen, int pages, int requests, int listings,
        GitHubRateLimit rateLimit, Instant observedAt) {
}
