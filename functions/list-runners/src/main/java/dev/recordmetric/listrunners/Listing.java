package dev.recordmetric.listrunners;

import java.time.Instant;
import java.util.Collection;
import java.util.OptionalInt;

/**
 * The labelled runners of one complete listing.
 *
 * @param runners de-duplicated by runner id
 * @param runnersSeen all runners listed, labelled or not
 * @param listings how many times the organization was listed: more than one when the runner list
 *     changed while it was paged through
 * @param observedAt when the listing finished
 */
record Listing(Collection<Runner> runners, int runnersSeen, int pages, int requests, int listings,
        OptionalInt rateLimitRemaining, Instant observedAt) {
}
