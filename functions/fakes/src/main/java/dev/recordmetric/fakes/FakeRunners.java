package dev.recordmetric.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Reproducible runner fleets for tests and benchmarks. */
public final class FakeRunners {

    /** The seed {@link #generate(int, String)} uses. */
    public static final long DEFAULT_SEED = 20261127L;

    private FakeRunners() {
    }

    /** {@link #generate(int, String, long)} with {@link #DEFAULT_SEED}. */
    public static List<FakeRunner> generate(int count, String installationId) {
        return generate(count, installationId, DEFAULT_SEED);
    }

    /**
     * {@code count} runners named {@code runner-0001}… with ids from 1001, labelled
     * {@code self-hosted, Linux, X64, installation_id:<installationId>}; about half online and busy,
     * 30 % online and idle, 20 % offline. The same seed gives the same fleet.
     */
    public static List<FakeRunner> generate(int count, String installationId, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FakeRunner> runners = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            int roll = random.nextInt(100);
            String status = roll < 80 ? "online" : "offline";
            boolean busy = roll < 50;
            runners.add(new FakeRunner(1000L + i, "runner-%04d".formatted(i), "Linux", status, busy,
                    List.of("self-hosted", "Linux", "X64", "installation_id:" + installationId)));
        }
        return List.copyOf(runners);
    }
}
