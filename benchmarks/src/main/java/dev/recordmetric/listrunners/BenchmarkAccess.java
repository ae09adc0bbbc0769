package dev.recordmetric.listrunners;

import dev.recordmetric.common.GitHubRateLimit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The benchmarks' door into ListRunners' package-private classes (this class lives in the
 * benchmarks module, in the same package): the real {@link RunnerLister} built as the handler
 * builds it, and the pieces the microbenchmarks time.
 */
public final class BenchmarkAccess {

    private BenchmarkAccess() {
    }

    /** The lister as built: per_page=100, pages 2..N concurrently, at most {@code maxInFlight} at once. */
    public static ToIntFunction<String> runnerLister(String apiUrl, String organization, String label, int maxInFlight) {
        var lister = new RunnerLister(URI.create(apiUrl), organization, label, Clock.systemUTC(), maxInFlight);
        return token -> lister.list(token).runners().size();
    }

    /**
     * What one listing measured: whether it published (else the error's name), its wall time, its
     * requests and 304s, the counts of the first pool (busy, idle, offline), its bound, whether a
     * second pass was made, and the run's window ({@link System#nanoTime()}) from the first request
     * to the last answer.
     */
    public record ListingFigures(boolean published, String error, long nanos, int requests, int notModified, int[] counts,
            int bound, boolean secondPass, long startNanos, long endNanos) {
    }

    /** ListRunners' default pages in flight ({@code LIST_RUNNERS_CONCURRENCY} unset). */
    public static int defaultConcurrency() {
        return ListRunnersConfig.DEFAULT_CONCURRENCY;
    }

    /** One listing by a new lister (a fresh instance: no rate measured yet) as the handler builds it. */
    public static ListingFigures listOnce(String apiUrl, String organization, String label, int maxInFlight, String token) {
        return warmLister(apiUrl, organization, label, maxInFlight).apply(token);
    }

    /** A lister kept across listings, as a warm instance keeps it: each call lists once with the token. */
    public static java.util.function.Function<String, ListingFigures> warmLister(String apiUrl, String organization, String label,
            int maxInFlight) {
        var lister = new RunnerLister(URI.create(apiUrl), organization, label, Clock.systemUTC(), maxInFlight);
        return token -> figures(lister, token);
    }

    private static ListingFigures figures(RunnerLister lister, String token) {
        long start = System.nanoTime();
        try {
            Listing listing = lister.list(token);
            long end = System.nanoTime();
            int[] counts = new int[RunnerState.values().length];
            listing.runners().forEach(runner -> counts[runner.state().ordinal()]++);
            return new ListingFigures(true, null, end - start, listing.requests(), listing.notModified(), counts,
                    listing.uncertainty(0), listing.secondPass(), start, end);
        } catch (RuntimeException e) {
            long end = System.nanoTime();
            return new ListingFigures(false, e.getClass().getSimpleName(), end - start, 0, 0, new int[3], 0, false, start, end);
        }
    }

    /** Parses one page as the lister does; returns the labelled runners on it. */
    public static int parsePage(byte[] page, String label) {
        try {
            return RunnerPage.parse(new ByteArrayInputStream(page), label).labelled().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished listing of {@code count} labelled runners, named as {@code FakeRunners} names them. */
    public static Object listing(int count) {
        var runners = new ArrayList<Runner>(count);
        for (int i = 1; i <= count; i++) {
            int kind = i % 10;
            runners.add(new Runner(1000L + i, "runner-%04d".formatted(i), kind < 8, kind < 5));
        }
        var budget = GitHubRateLimit.from(Map.of("x-ratelimit-limit", List.of("5000"), "x-ratelimit-remaining", List.of("4000"),
                "x-ratelimit-used", List.of("1000"), "x-ratelimit-reset", List.of("1795750800"), "x-ratelimit-resource", List.of("core")));
        return new Listing(runners, count, (count + 99) / 100, (count + 99) / 100, 1, budget,
                Instant.parse("2026-11-27T03:20:07Z"));
    }

    /** Renders and serializes the state output exactly as the handler does. */
    public static byte[] renderOutput(Object listing, String organization, String label) {
        var config = new ListRunnersConfig(organization, URI.create("https://api.github.com"), label, "key");
        try {
            return dev.recordmetric.common.Json.MAPPER.writeValueAsBytes(ObservationOutput.render(config, (Listing) listing));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
