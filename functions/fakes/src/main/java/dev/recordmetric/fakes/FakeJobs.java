package dev.recordmetric.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The organizations' workflow jobs as GitHub knows them: the truth a job ledger is judged against.
 * A job is created {@code waiting} (for an environment's approval) or {@code queued} with the labels
 * of its {@code runs-on}, starts on a runner, and completes; each change is a {@link Transition}
 * handed to every listener (a {@link FakeHook} turns it into a {@code workflow_job} delivery, whose
 * {@code action} is the new status: {@code waiting}, {@code queued}, {@code in_progress},
 * {@code completed}; GitHub docs, "Webhook events and payloads", workflow_job). A job can be
 * forgotten (its run or repository deleted): {@code GET .../actions/jobs/{id}} then answers 404.
 * Thread-safe; listeners are called outside the lock, in the calling thread.
 */
public final class FakeJobs {

    /** One change of a job: the delivery's {@code action} and the job after it. */
    public record Transition(String action, FakeJob job) {
    }

    private final Supplier<Instant> clock;
    private final Map<Long, FakeJob> jobs = new LinkedHashMap<>();
    private final Map<String, Long> repositoryIds = new LinkedHashMap<>();
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong nextJobId = new AtomicLong(29_000_000_000L);
    private final AtomicLong nextRunId = new AtomicLong(10_000_000_000L);
    private final AtomicLong nextRepositoryId = new AtomicLong(700_000_000L);

    FakeJobs(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** Calls {@code listener} with every transition from now on. */
    public FakeJobs onTransition(Consumer<Transition> listener) {
        listeners.add(listener);
        return this;
    }

    /** A new job of a new run in {@code repository} ({@code owner/name}), queued for a runner with these labels. */
    public FakeJob queue(String repository, List<String> labels) {
        return create(repository, labels, "queued");
    }

    /** A new job waiting for an environment's approval; {@link #approve} queues it. */
    public FakeJob await(String repository, List<String> labels) {
        return create(repository, labels, "waiting");
    }

    public FakeJob approve(long jobId) {
        return change(jobId, "queued", job -> job.queued());
    }

    /** The job starts on this runner: {@code in_progress}. */
    public FakeJob start(long jobId, long runnerId, String runnerName, long runnerGroupId, String runnerGroupName) {
        return change(jobId, "in_progress", job -> job.started(clock.get(), runnerId, runnerName, runnerGroupId, runnerGroupName));
    }

    /** The job ends with {@code conclusion} ({@code success}, {@code failure}, {@code cancelled}...): {@code completed}. */
    public FakeJob complete(long jobId, String conclusion) {
        return change(jobId, "completed", job -> job.completed(clock.get(), conclusion));
    }

    /** GitHub no longer knows the job (its run or repository was deleted); no delivery is made. */
    public synchronized boolean forget(long jobId) {
        return jobs.remove(jobId) != null;
    }

    public synchronized Optional<FakeJob> job(long jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** Every job GitHub knows, in creation order. */
    public synchronized List<FakeJob> jobs() {
        return List.copyOf(jobs.values());
    }

    /** The id GitHub gives this repository, made up on first use. */
    public synchronized long repositoryId(String repository) {
        return repositoryIds.computeIfAbsent(repository, name -> nextRepositoryId.incrementAndGet());
    }

    private FakeJob create(String repository, List<String> labels, String status) {
        if (repository.indexOf('/') < 1) {
            throw new IllegalArgumentException("a repository is owner/name, not " + repository);
        }
        FakeJob job;
        synchronized (this) {
            long id = nextJobId.incrementAndGet();
            job = new FakeJob(id, nextRunId.incrementAndGet(), 1, repository, repositoryId(repository), "CI", "build",
                    "main", new ArrayList<>(labels), status, null, clock.get(), null, null, null, null, null, null);
            jobs.put(id, job);
        }
        publish(new Transition(status, job));
        return job;
    }

    private FakeJob change(long jobId, String action, java.util.function.UnaryOperator<FakeJob> step) {
        FakeJob changed;
        synchronized (this) {
            FakeJob job = jobs.get(jobId);
            if (job == null) {
                throw new NoSuchElementException("no job " + jobId);
            }
            changed = step.apply(job);
            jobs.put(jobId, changed);
        }
        publish(new Transition(action, changed));
        return changed;
    }

    private void publish(Transition transition) {
        listeners.forEach(listener -> listener.accept(transition));
    }
}
