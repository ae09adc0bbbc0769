package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.GitHubClient;
import dev.recordmetric.common.InvocationBudget;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.errors.MalformedResponseException;
import dev.recordmetric.errors.RecordMetricException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Redelivery of the hook's failed deliveries: GitHub never redelivers on its own ("Handling failed
 * webhook deliveries"). A sweep lists the deliveries newest first ({@code per_page=100}, the next
 * page from the {@code Link} header, "Using pagination in the REST API") down to the cursor's floor
 * (on the first sweep, down to the deliveries of the last hour), and asks GitHub once to redeliver
 * each failed delivery that is not itself a redelivery and whose GUID has, among the newer
 * deliveries listed, neither a success nor a redelivery ({@code POST .../deliveries/{id}/attempts},
 * "Redeliver a delivery for an organization webhook" / "... for an app webhook"). A redelivery
 * that fails too is left to reconciliation: each failed delivery is redelivered once at most.
 *
 * <p>A run lists at most {@code pagesPerRun} pages and requests at most {@code redeliveriesPerRun}
 * redeliveries; where it stopped is kept in the {@link RedeliveryCursor}, and the next run goes on
 * from there; the floor moves up to the sweep's newest delivery only when the sweep has reached it.
 * A rate limit ends the run after the cursor keeps what was dealt with.
 */
final class Redelivery {

    /** The first sweep looks no further back: older failures are reconciliation's. */
    static final Duration FIRST_SWEEP_REACH = Duration.ofHours(1);
    private static final int PER_PAGE = 100;

    /** What a run did. {@code cursor}: the floor after the run (null before the first sweep ended). */
    record Result(int deliveriesExamined, int failedDeliveries, int redeliveriesRequested, Long cursor,
            boolean sweepUnfinished, int githubRequests) {
        static final Result OFF = new Result(0, 0, 0, null, false, 0);
    }

    private final GitHubClient github;
    private final RedeliveryCursor cursor;
    private final URI deliveries;
    private final int pagesPerRun;
    private final int redeliveriesPerRun;
    private final Clock clock;

    Redelivery(GitHubClient github, RedeliveryCursor cursor, URI deliveries, int pagesPerRun, int redeliveriesPerRun,
            Clock clock) {
        this.github = github;
        this.cursor = cursor;
        this.deliveries = deliveries;
        this.pagesPerRun = pagesPerRun;
        this.redeliveriesPerRun = redeliveriesPerRun;
        this.clock = clock;
    }

    /** @param credential the token (organization hook) or the App's JWT (App hook) */
    Result run(String credential, boolean refreshed, InvocationBudget budget) {
        RedeliveryCursor.State state = cursor.read();
        Instant now = clock.instant();
        RedeliveryCursor.Sweep sweep = state.sweep();
        Long ceiling = sweep == null ? null : sweep.ceiling();
        String pageUrl = sweep == null ? null : sweep.pageUrl();
        long below = sweep == null ? Long.MAX_VALUE : sweep.below();
        Set<String> settledGuids = new HashSet<>();
        int examined = 0;
        int failed = 0;
        int requested = 0;
        int requests = 0;
        boolean finished = false;
        try {
            pages:
            for (int page = 0; page < pagesPerRun; page++) {
                URI url = pageUrl == null ? URI.create(deliveries + "?per_page=" + PER_PAGE) : URI.create(pageUrl);
                GitHubClient.Response answer = github.get(url, credential, "listing the webhook's deliveries", refreshed, budget);
                requests++;
                JsonNode items = read(answer);
                for (JsonNode item : items) {
                    Delivery delivery = Delivery.from(item);
                    if (ceiling == null) {
                        ceiling = delivery.id();
                    }
                    if (delivery.id() >= below) {
                        continue;
                    }
                    boolean reachedFloor = state.floor() != null ? delivery.id() <= state.floor()
                            : delivery.deliveredAt().isBefore(now.minus(FIRST_SWEEP_REACH));
                    if (reachedFloor) {
                        finished = true;
                        break pages;
                    }
                    if (delivery.failed() && !delivery.redelivery() && !settledGuids.contains(delivery.guid())) {
                        if (requested == redeliveriesPerRun) {
                            break pages;
                        }
                        github.post(URI.create(deliveries + "/" + delivery.id() + "/attempts"), credential,
                                "asking GitHub to redeliver delivery " + delivery.id(), refreshed, budget);
                        requests++;
                        requested++;
                    }
                    if (delivery.failed()) {
                        failed++;
                    }
                    if (!delivery.failed() || delivery.redelivery()) {
                        settledGuids.add(delivery.guid());
                    }
                    examined++;
                    below = delivery.id();
                }
                var next = answer.links().next();
                if (next.isEmpty()) {
                    finished = true;
                    break;
                }
                pageUrl = next.get().toString();
                if (items.isEmpty()) {
                    break;
                }
            }
        } catch (RecordMetricException stopped) {
            save(state, finished, ceiling, pageUrl, below);
            throw stopped;
        }
        Long floor = save(state, finished, ceiling, pageUrl, below);
        return new Result(examined, failed, requested, floor, !finished && ceiling != null, requests);
    }

    /**
     * Keeps where the sweep is: a finished sweep moves the floor to its newest delivery; an unfinished
     * one keeps the page it was on (its deliveries from {@code below} down are still to examine).
     */
    private Long save(RedeliveryCursor.State state, boolean finished, Long ceiling, String pageUrl, long below) {
        if (ceiling == null) {
            return state.floor();
        }
        if (finished) {
            cursor.write(state, ceiling, null);
            return ceiling;
        }
        cursor.write(state, state.floor(), new RedeliveryCursor.Sweep(ceiling, pageUrl, below));
        return state.floor();
    }

    private static JsonNode read(GitHubClient.Response answer) {
        try {
            JsonNode items = JsonStreams.readTree(answer.bodyStream());
            if (items == null || !items.isArray()) {
                throw new MalformedResponseException("GitHub's list of webhook deliveries is not a JSON array.");
            }
            return items;
        } catch (IOException e) {
            throw new MalformedResponseException("GitHub's list of webhook deliveries is not JSON.");
        }
    }
}
