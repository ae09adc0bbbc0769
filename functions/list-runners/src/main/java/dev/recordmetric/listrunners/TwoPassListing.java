package dev.recordmetric.listrunners;

import dev.recordmetric.common.GitHubRateLimit;
import dev.recordmetric.errors.RateLimitedException;
import dev.recordmetric.errors.RecordMetricException;
import dev.recordmetric.errors.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * ListRunners' fetch strategy, apart from the transport: a first pass over every page (page 1,
 * then the rest side by side, then any {@code rel="next"} pages registrations added), and, when
 * there is more than one page and time for it, a second pass asking each page again with
 * {@code If-None-Match} and the first pass's {@code ETag}. A page answered 304 Not Modified is
 * unchanged and costs nothing against the primary rate limit (GitHub docs, "Best practices for
 * using the REST API": Use conditional requests if appropriate); a page answered 200 shows what
 * changed on it. {@link CountEstimate} turns the two passes into counts and their bound. At most
 * the requests of two listings, never a third.
 *
 * <p>A one-page listing is one response, served at once: a snapshot, with no second pass. The
 * second pass is skipped when the time left is less than the first pass took and a margin (slow
 * GitHub), or when the primary rate limit left could not also pay for the first pass of every run
 * until it resets, were every page of the second pass answered 200 ({@link #affordable}): the
 * first passes of later runs come first. The bound then rests on the first pass's evidence.
 *
 * <p>Pagination stays bounded by {@code total_count}: more pages than it needs and
 * {@link RunnerLister#EXTRA_PAGES} is a {@code MalformedResponseException}.
 */
final class TwoPassListing {

    /** The second pass needs the first pass's time times this, left in the invocation. */
    static final double SECOND_PASS_TIME_FACTOR = 1.25;

    /** One page as the transport fetched it. */
    record PageAnswer(RunnerPage page, String etag, boolean hasNext, OptionalInt lastPage) {

        static PageAnswer notModified(String etag) {
            return new PageAnswer(null, etag, false, OptionalInt.empty());
        }

        boolean isNotModified() {
            return page == null;
        }
    }

    /** Fetches page {@code number} (from 1); with an {@code etag}, conditionally. */
    @FunctionalInterface
    interface PageSource {
        PageAnswer fetch(int number, String etag);
    }

    /**
     * @param first the first pass's pages in page order
     * @param second the second pass's pages (a 304 page is the first pass's), empty when none was made
     * @param requests every request sent
     * @param notModified requests answered 304 Not Modified
     * @param skippedSecondPass why no second pass was made, or empty
     */
    record Passes(List<RunnerPage> first, List<RunnerPage> second, int requests, int notModified, String skippedSecondPass) {
    }

    private final ListingConcurrency concurrency;

    TwoPassListing(ListingConcurrency concurrency) {
        this.concurrency = concurrency;
    }

    /**
     * @param timeLeft what is left of the invocation's time for work
     * @param wanted what the caller was doing, for messages
     */
    Passes list(PageSource source, Supplier<Duration> timeLeft, String wanted) {
        return list(source, timeLeft, () -> GitHubRateLimit.NONE, Instant::now, wanted);
    }

    /**
     * @param lastRateLimit the rate-limit headers of the last answer
     * @param now the time, against the rate limit's reset
     */
    Passes list(PageSource source, Supplier<Duration> timeLeft, Supplier<GitHubRateLimit> lastRateLimit, Supplier<Instant> now,
            String wanted) {
        var counted = new CountingSource(source);
        long started = System.nanoTime();
        try {
            List<PageAnswer> first = firstPass(counted, wanted);
            List<RunnerPage> firstPages = first.stream().map(PageAnswer::page).toList();
            if (first.size() == 1 && !first.get(0).hasNext()) {
                return new Passes(firstPages, firstPages, counted.requests.get(), counted.notModified.get(), "");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Duration needed = Duration.ofNanos((long) (took.toNanos() * SECOND_PASS_TIME_FACTOR));
            Duration left = timeLeft.get();
            if (left.compareTo(needed) < 0) {
                return new Passes(firstPages, List.of(), counted.requests.get(), counted.notModified.get(),
                        "the first pass took " + took.toMillis() + " ms and " + Math.max(0, left.toMillis()) + " ms were left");
            }
            if (!affordable(lastRateLimit.get(), first.size(), now.get())) {
                return new Passes(firstPages, List.of(), counted.requests.get(), counted.notModified.get(),
                        lastRateLimit.get().remaining().getAsInt() + " requests are left of the primary rate limit, which later"
                        + " runs' first passes need until it resets");
            }
            List<RunnerPage> second = secondPass(counted, first, wanted);
            return new Passes(firstPages, second, counted.requests.get(), counted.notModified.get(), "");
        } catch (RateLimitedException secondary) {
            concurrency.secondaryRateLimited();
            throw secondary;
        }
    }

    /**
     * Whether {@code pages} more requests leave enough of the primary rate limit for a first pass
     * of {@code pages} a minute until it resets; true when GitHub sends no rate-limit headers
     * (Enterprise Server with rate limits off).
     */
    static boolean affordable(GitHubRateLimit last, int pages, Instant now) {
        if (last.remaining().isEmpty() || last.resetEpochSeconds().isEmpty()) {
            return true;
        }
        long secondsToReset = Math.max(0, last.resetEpochSeconds().getAsLong() - now.getEpochSecond());
        long runsBeforeReset = (secondsToReset + 59) / 60;
        return last.remaining().getAsInt() >= (long) pages * (1 + runsBeforeReset);
    }

    private List<PageAnswer> firstPass(PageSource source, String wanted) {
        PageAnswer first = source.fetch(1, null);
        int total = first.page().totalCount();
        int neededPages = Math.max(1, (total + RunnerLister.PER_PAGE - 1) / RunnerLister.PER_PAGE);
        var pages = new ArrayList<PageAnswer>(List.of(first));
        if (!first.hasNext()) {
            return pages;
        }
        int lastPage = first.lastPage().orElse(neededPages);
        pages.addAll(fetchAll(source, 2, lastPage, number -> null, wanted));
        followNext(source, pages, neededPages + RunnerLister.EXTRA_PAGES, total);
        return pages;
    }

    /** The same pages again, conditionally; then any page that registrations added since. */
    private List<RunnerPage> secondPass(PageSource source, List<PageAnswer> first, String wanted) {
        List<PageAnswer> answers = fetchAll(source, 1, first.size(), number -> first.get(number - 1).etag(), wanted);
        var pages = new ArrayList<PageAnswer>();
        int total = 0;
        for (int i = 0; i < answers.size(); i++) {
            PageAnswer answer = answers.get(i);
            PageAnswer page = answer.isNotModified() ? first.get(i) : answer;
            pages.add(page);
            total = Math.max(total, page.page().totalCount());
        }
        int neededPages = Math.max(1, (total + RunnerLister.PER_PAGE - 1) / RunnerLister.PER_PAGE);
        followNext(source, pages, Math.max(first.size(), neededPages + RunnerLister.EXTRA_PAGES), total);
        return pages.stream().map(PageAnswer::page).toList();
    }

    private static void followNext(PageSource source, List<PageAnswer> pages, int maxPages, int total) {
        while (pages.get(pages.size() - 1).hasNext()) {
            if (pages.size() >= maxPages) {
                throw RunnerPage.malformed("pagination does not end: more than " + maxPages + " pages for total_count " + total);
            }
            pages.add(source.fetch(pages.size() + 1, null));
        }
    }

    private List<PageAnswer> fetchAll(PageSource source, int from, int to, IntFunction<String> etags, String wanted) {
        if (to < from) {
            return List.of();
        }
        int count = to - from + 1;
        int inFlight = Math.min(concurrency.now(), count);
        if (inFlight == 1) {
            var answers = new ArrayList<PageAnswer>();
            for (int number = from; number <= to; number++) {
                answers.add(source.fetch(number, etags.apply(number)));
            }
            return answers;
        }
        ExecutorService executor = Executors.newFixedThreadPool(inFlight, task -> {
            var thread = new Thread(task, "list-runners-page");
            thread.setDaemon(true);
            return thread;
        });
        try {
            var futures = new ArrayList<Future<PageAnswer>>();
            for (int number = from; number <= to; number++) {
                int page = number;
                futures.add(executor.submit(() -> source.fetch(page, etags.apply(page))));
            }
            var answers = new ArrayList<PageAnswer>();
            for (Future<PageAnswer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordMetricException named) {
                throw named;
            }
            throw new IllegalStateException("listing a page failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("Interrupted while " + wanted + ".", e);
        } finally {
            // Pages not started are dropped; those in flight end within their timeouts on daemon threads.
            executor.shutdownNow();
        }
    }

    /** Counts requests and 304 answers across both passes. */
    private static final class CountingSource implements PageSource {
        private final PageSource source;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger notModified = new AtomicInteger();

        CountingSource(PageSource source) {
            this.source = source;
        }

        @Override
        public PageAnswer fetch(int number, String etag) {
            requests.incrementAndGet();
            PageAnswer answer = source.fetch(number, etag);
            if (answer.isNotModified()) {
                if (etag == null) {
                    throw RunnerPage.malformed("page " + number + " was answered 304 Not Modified to a request that was"
                            + " not conditional");
                }
                notModified.incrementAndGet();
            }
            return answer;
        }
    }
}
