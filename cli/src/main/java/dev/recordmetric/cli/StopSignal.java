package dev.recordmetric.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C: a stop request that the run loop honours after the current run. As a shutdown hook it
 * waits (bounded) until the loop has finished and cleaned up. Thread-safe.
 */
final class StopSignal {

    /** Long enough for up's teardown (a terraform destroy takes about a minute); run's is quick. */
    private static final Duration HOOK_WAIT = Duration.ofMinutes(5);

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** A signal set by the JVM's shutdown (SIGINT, SIGTERM). */
    static StopSignal onShutdown() {
        StopSignal signal = new StopSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signal.requestStop();
            signal.awaitFinished(HOOK_WAIT);
        }, "record-metric-stop"));
        return signal;
    }

    void requestStop() {
        stop.countDown();
    }

    boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Waits up to {@code duration}; returns true if a stop was requested meanwhile. */
    boolean sleep(Duration duration) {
        try {
            return stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The loop has stopped and cleaned up. */
    void finished() {
        finished.countDown();
    }

    private void awaitFinished(Duration wait) {
        try {
            finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
