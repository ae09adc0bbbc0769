package dev.recordmetric.listrunners;

import dev.recordmetric.jobevents.DemandCursor;
import dev.recordmetric.jobevents.LedgerJob;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Demand per pool from the job ledger (issue 20; README, "Demand from the job ledger"): the queued
 * jobs each pool is asked for ({@link QueuedJobMatching}), how long the oldest has waited, the waits
 * of the jobs that started since the previous run, and the runners' busy flags corrected by the
 * ledger. Pure: the ledger's reads and the previous run's cursor come in, the next cursor goes out.
 *
 * @param pools per pool, in the order of {@link ListRunnersConfig#pools()}
 * @param runners the listing's runners with their busy flag corrected by the ledger
 * @param next the cursor to write for the next run
 */
record Demand(List<PoolDemand> pools, int unmatchedQueuedJobs, List<Runner> runners, DemandCursor next) {

    /**
     * Without a previous run's cursor, only jobs that started this long before the observation count
     * as started "since the previous run": the schedule's period (rate 1 minute), not the whole history.
     */
    static final Duration FIRST_RUN_WINDOW = Duration.ofMinutes(1);

    /**
     * The starts each run reads ({@code job-starts} index) and its cursor remembers: comfortably longer
     * than the schedule's period (rate 1 minute) plus a run, so a start recorded late (a delivery
     * GitHub retried, or one the repairs recovered) within this window is still counted, once.
     */
    static final Duration STARTS_WINDOW = Duration.ofMinutes(15);

    /**
     * @param oldestQueuedSeconds how long the oldest queued job has waited (since its {@code created_at}), 0 when none
     * @param jobWaits for each job that started since the previous run, {@code started_at − created_at} in seconds
     * @param busyFlagDisagreements online runners whose {@code busy} flag differs from the ledger
     */
    record PoolDemand(int queued, long oldestQueuedSeconds, List<Long> jobWaits, int busyFlagDisagreements) {
        PoolDemand {
            jobWaits = List.copyOf(jobWaits);
        }
    }

    /** The same, publishing no wait: another run wrote the cursor meanwhile and may have published them. */
    Demand withoutWaits() {
        return new Demand(pools.stream().map(pool -> new PoolDemand(pool.queued(), pool.oldestQueuedSeconds(), List.of(),
                pool.busyFlagDisagreements())).toList(), unmatchedQueuedJobs, runners, next);
    }

    int queued() {
        return pools.stream().mapToInt(PoolDemand::queued).sum();
    }

    int busyFlagDisagreements() {
        return pools.stream().mapToInt(PoolDemand::busyFlagDisagreements).sum();
    }

    int jobsStarted() {
        return pools.stream().mapToInt(pool -> pool.jobWaits().size()).sum();
    }

    /**
     * @param runners the listing's runners (each kept once per pool whose label it carries)
     * @param jobLabels per pool its {@code POOL_JOB_LABELS}, lower-cased
     * @param queued the ledger's queued jobs
     * @param inProgress the ledger's in-progress jobs
     * @param previous the previous run's cursor, {@link DemandCursor#NONE} on the first run
     */
    static Demand compute(List<RunnerPool> pools, Collection<Runner> runners, List<List<String>> jobLabels,
            List<LedgerJob> queued, List<LedgerJob> inProgress, DemandCursor previous, Instant observedAt) {
        return compute(pools, runners, jobLabels, queued, inProgress, inProgress, previous, observedAt);
    }

    /**
     * @param started the jobs that started since {@link #STARTS_WINDOW} before the observation, whatever
     *     their status now (the {@code job-starts} index)
     */
    static Demand compute(List<RunnerPool> pools, Collection<Runner> runners, List<List<String>> jobLabels,
            List<LedgerJob> queued, List<LedgerJob> inProgress, List<LedgerJob> started, DemandCursor previous,
            Instant observedAt) {
        QueuedJobMatching matching = QueuedJobMatching.of(pools, runners, jobLabels);
        int[] queuedJobs = new int[pools.size()];
        long[] oldest = new long[pools.size()];
        int unmatched = 0;
        for (LedgerJob job : queued) {
            int pool = matching.poolFor(job.labels());
            if (pool == QueuedJobMatching.UNMATCHED) {
                unmatched++;
                continue;
            }
            queuedJobs[pool]++;
            Instant created = instant(job.createdAt());
            if (created != null) {
                oldest[pool] = Math.max(oldest[pool], Math.max(0, Duration.between(created, observedAt).toSeconds()));
            }
        }

        Map<String, LedgerJob> byRunnerName = new HashMap<>();
        Map<Long, LedgerJob> byRunnerId = new HashMap<>();
        Set<Long> inProgressIds = new TreeSet<>();
        for (LedgerJob job : inProgress) {
            inProgressIds.add(job.jobId());
            if (job.runnerName() != null) {
                byRunnerName.put(job.runnerName(), job);
            }
            if (job.runnerId() != null) {
                byRunnerId.put(job.runnerId(), job);
            }
        }

        int[] disagreements = new int[pools.size()];
        List<Runner> corrected = new ArrayList<>(runners.size());
        Map<String, Long> runnerJobs = new TreeMap<>();
        Map<String, Integer> poolOfRunner = new HashMap<>();
        Map<Long, Integer> poolOfRunnerId = new HashMap<>();
        for (Runner runner : runners) {
            poolOfRunner.putIfAbsent(runner.name(), runner.pool());
            poolOfRunnerId.putIfAbsent(runner.id(), runner.pool());
            if (!runner.online()) {
                corrected.add(runner);
                continue;
            }
            LedgerJob running = byRunnerName.getOrDefault(runner.name(), byRunnerId.get(runner.id()));
            boolean busy = runner.busy();
            Long lastJob = previous.runnerJobs().get(runner.name());
            if (running != null) {
                busy = true;
            } else if (runner.busy() && lastJob != null) {
                if (inProgressIds.contains(lastJob)) {
                    // Its job is in progress under another runner name or id: the flag decides.
                    runnerJobs.put(runner.name(), lastJob);
                } else {
                    // The last job the ledger saw it run left in_progress (statuses never go back): completed.
                    busy = false;
                    runnerJobs.put(runner.name(), lastJob);
                }
            }
            if (busy != runner.busy()) {
                disagreements[runner.pool()]++;
            }
            corrected.add(busy == runner.busy() ? runner : runner.withBusy(busy));
        }

        List<List<Long>> waits = new ArrayList<>();
        pools.forEach(pool -> waits.add(new ArrayList<>()));
        for (LedgerJob job : inProgress) {
            if (job.runnerName() != null) {
                runnerJobs.put(job.runnerName(), job.jobId());
            }
        }
        Instant windowFloor = observedAt.minus(STARTS_WINDOW);
        Instant firstRunFloor = observedAt.minus(FIRST_RUN_WINDOW);
        Map<Long, LedgerJob> startedInWindow = new TreeMap<>();
        // The job-starts index's jobs, and the in-progress ones in case the index lags the table.
        for (List<LedgerJob> source : List.of(started, inProgress)) {
            for (LedgerJob job : source) {
                Instant startedAt = instant(job.startedAt());
                if (startedAt != null && !startedAt.isBefore(windowFloor)) {
                    startedInWindow.putIfAbsent(job.jobId(), job);
                }
            }
        }
        Set<Long> counted = new TreeSet<>();
        for (LedgerJob job : startedInWindow.values()) {
            // Accounted for from now on: its wait published now, before, or (first run, an older start) never.
            counted.add(job.jobId());
            if (previous.countedJobs().contains(job.jobId())) {
                continue;
            }
            Instant startedAt = instant(job.startedAt());
            Instant created = instant(job.createdAt());
            if (created == null || (!previous.present() && startedAt.isBefore(firstRunFloor))) {
                continue;
            }
            Integer pool = job.runnerName() != null ? poolOfRunner.get(job.runnerName()) : null;
            if (pool == null && job.runnerId() != null) {
                pool = poolOfRunnerId.get(job.runnerId());
            }
            if (pool == null) {
                int matched = matching.poolFor(job.labels());
                pool = matched == QueuedJobMatching.UNMATCHED ? null : matched;
            }
            if (pool != null) {
                waits.get(pool).add(Math.max(0, Duration.between(created, startedAt).toSeconds()));
            }
        }

        List<PoolDemand> perPool = new ArrayList<>();
        for (int pool = 0; pool < pools.size(); pool++) {
            perPool.add(new PoolDemand(queuedJobs[pool], oldest[pool], waits.get(pool), disagreements[pool]));
        }
        // The ids of the jobs started within the window; older ones are out of every later window too.
        DemandCursor next = new DemandCursor(counted, runnerJobs, observedAt, previous.version());
        return new Demand(perPool, unmatched, List.copyOf(corrected), next);
    }

    /** GitHub's timestamps are ISO-8601 ({@code 2026-12-07T10:00:00Z}); an offset is read too. Null when absent or unreadable. */
    static Instant instant(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
