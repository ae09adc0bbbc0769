package dev.recordmetric.listrunners;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which pool a job is for. GitHub gives a job to a runner that carries every label the job asks for
 * ("Using self-hosted runners in a workflow": jobs are queued on runners that have all the labels
 * specified in {@code runs-on}), and compares label names case-insensitively ("Using labels with
 * self-hosted runners": labels are case-insensitive). So a job fits a pool when its labels,
 * lower-cased, are a subset of the pool's: those its online runners carry, and its
 * {@code POOL_JOB_LABELS} (a pool with no runner yet). When several fit, the job counts for one only,
 * so that one job never asks two groups for an instance: the tightest fit (the fewest labels beyond the
 * job's), ties by Auto Scaling group name. None fits: the job is unmatched (it waits forever).
 */
final class QueuedJobMatching {

    /** No pool fits. */
    static final int UNMATCHED = -1;

    private final List<RunnerPool> pools;
    private final List<Set<String>> poolLabels;

    private QueuedJobMatching(List<RunnerPool> pools, List<Set<String>> poolLabels) {
        this.pools = pools;
        this.poolLabels = poolLabels;
    }

    /**
     * @param runners the listing's runners (each kept once per pool); offline ones add no labels
     * @param jobLabels per pool, in the order of {@code pools}, its {@code POOL_JOB_LABELS} (lower-cased)
     */
    static QueuedJobMatching of(List<RunnerPool> pools, Collection<Runner> runners, List<List<String>> jobLabels) {
        List<Set<String>> labels = pools.stream().map(pool -> (Set<String>) new TreeSet<String>()).toList();
        for (int pool = 0; pool < pools.size(); pool++) {
            labels.get(pool).addAll(jobLabels.get(pool));
        }
        for (Runner runner : runners) {
            if (runner.online()) {
                labels.get(runner.pool()).addAll(runner.labels());
            }
        }
        return new QueuedJobMatching(pools, labels);
    }

    /** The index of the pool the job counts for, or {@link #UNMATCHED}. */
    int poolFor(List<String> jobLabels) {
        Set<String> wanted = new TreeSet<>();
        jobLabels.forEach(label -> wanted.add(label.toLowerCase(Locale.ROOT)));
        int best = UNMATCHED;
        for (int pool = 0; pool < pools.size(); pool++) {
            if (!poolLabels.get(pool).containsAll(wanted)) {
                continue;
            }
            if (best == UNMATCHED || tighter(pool, best)) {
                best = pool;
            }
        }
        return best;
    }

    /** The fewer labels beyond the job's, the tighter (the job's are in both); ties by group name. */
    private boolean tighter(int pool, int than) {
        int extra = poolLabels.get(pool).size();
        int otherExtra = poolLabels.get(than).size();
        if (extra != otherExtra) {
            return extra < otherExtra;
        }
        return String.valueOf(pools.get(pool).asgName()).compareTo(String.valueOf(pools.get(than).asgName())) < 0;
    }

    /** The pool's labels, lower-cased, sorted (for the tests and the output). */
    Set<String> labelsOf(int pool) {
        return poolLabels.get(pool);
    }
}
