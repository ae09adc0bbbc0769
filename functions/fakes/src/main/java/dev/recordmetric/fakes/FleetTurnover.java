package dev.recordmetric.fakes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns an organization's runners over continuously, as a fleet of ephemeral runners does (every
 * job registers one runner and deregisters one), on a daemon thread: changes come at random
 * (exponentially distributed gaps, {@code changesPerSecond} on average), each one of a
 * deregistration of a runner anywhere in the list, a registration appended at the end (GitHub lists
 * runners in registration order) with a new id and the labels of a runner picked at random, or an
 * online runner's busy flag flipping. Registrations and deregistrations are equally likely, so the
 * fleet keeps its size on average. Every change is recorded in a {@link FleetTruth} under the
 * organization's lock, so that a page is served either before or after it.
 */
public final class FleetTurnover implements AutoCloseable {

    private final FakeOrganization org;
    private final FleetTruth truth;
    private final double changesPerSecond;
    private final SplittableRandom random;
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private FleetTurnover(FakeOrganization org, List<String> labels, double changesPerSecond, long seed) {
        this.org = org;
        this.truth = new FleetTruth(labels);
        this.changesPerSecond = changesPerSecond;
        this.random = new SplittableRandom(seed);
        synchronized (org) {
            List<FakeRunner> runners = org.runners();
            nextId.set(runners.stream().mapToLong(FakeRunner::id).max().orElse(0) + 1);
            truth.record(System.nanoTime(), runners);
        }
        this.thread = Thread.ofPlatform().daemon().name("fleet-turnover").unstarted(this::run);
    }

    /**
     * Starts turning {@code org}'s runners over at {@code changesPerSecond} (0: a still fleet whose
     * truth is still recorded), following the counts of {@code labels}.
     */
    public static FleetTurnover start(FakeOrganization org, List<String> labels, double changesPerSecond, long seed) {
        var turnover = new FleetTurnover(org, labels, changesPerSecond, seed);
        if (changesPerSecond > 0) {
            turnover.thread.start();
        }
        return turnover;
    }

    public FleetTruth truth() {
        return truth;
    }

    /** Changes made so far. */
    public long changes() {
        return changes.get();
    }

    /** Makes one random change now (also what the thread does). */
    public void changeOnce() {
        synchronized (org) {
            List<FakeRunner> runners = org.runners();
            int kind = random.nextInt(4);
            if (runners.isEmpty() || kind == 0) {
                register(runners);
            } else if (kind == 1) {
                org.removeRunner(runners.get(random.nextInt(runners.size())).id());
            } else {
                flipBusy(runners);
            }
            changes.incrementAndGet();
            truth.record(System.nanoTime(), org.runners());
        }
    }

    private void register(List<FakeRunner> runners) {
        long id = nextId.getAndIncrement();
        List<String> labels = runners.isEmpty() ? List.of("self-hosted")
                : runners.get(random.nextInt(runners.size())).labels();
        boolean busy = random.nextBoolean();
        org.addRunner(new FakeRunner(id, "ephemeral-" + id, "Linux", "online", busy, labels));
    }

    private void flipBusy(List<FakeRunner> runners) {
        var online = new ArrayList<FakeRunner>();
        for (FakeRunner runner : runners) {
            if (runner.online()) {
                online.add(runner);
            }
        }
        if (online.isEmpty()) {
            return;
        }
        FakeRunner picked = online.get(random.nextInt(online.size()));
        org.updateRunner(picked.id(), runner -> runner.withBusy(!runner.busy()));
    }

    private void run() {
        while (running) {
            double gapSeconds;
            synchronized (org) {
                gapSeconds = -Math.log(1 - random.nextDouble()) / changesPerSecond;
            }
            LoopbackServer.pause(Duration.ofNanos((long) (gapSeconds * 1e9)));
            if (running) {
                changeOnce();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
