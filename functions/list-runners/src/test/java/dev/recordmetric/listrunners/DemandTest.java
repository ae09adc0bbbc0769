package dev.recordmetric.listrunners;

import static dev.recordmetric.listrunners.LedgerJobs.inProgress;
import static dev.recordmetric.listrunners.LedgerJobs.queued;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recordmetric.jobevents.DemandCursor;
import dev.recordmetric.jobevents.LedgerJob;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The matching rules and the ledger's corrections, on made-up listings and ledger reads. */
class DemandTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final RunnerPool SMALL = new RunnerPool("small", "installation_id:s");
    private static final RunnerPool GPU = new RunnerPool("gpu", "installation_id:g");
    private static final RunnerPool ARM = new RunnerPool("arm", "installation_id:a");
    private static final List<RunnerPool> POOLS = List.of(SMALL, GPU, ARM);
    private static final List<List<String>> NO_JOB_LABELS = List.of(List.of(), List.of(), List.of());

    private static Runner runner(long id, String name, boolean online, boolean busy, int pool, String... labels) {
        return new Runner(id, name, online, busy, pool, List.of(labels));
    }

    private static final List<Runner> FLEET = List.of(
            runner(1, "small-1", true, false, 0, "self-hosted", "linux", "x64", "installation_id:s"),
            runner(2, "gpu-1", true, false, 1, "self-hosted", "linux", "x64", "gpu", "installation_id:g"),
            runner(3, "arm-1", false, false, 2, "self-hosted", "linux", "arm64", "installation_id:a"));

    private static Demand demand(List<Runner> runners, List<List<String>> jobLabels, List<LedgerJob> queued) {
        return Demand.compute(POOLS, runners, jobLabels, queued, List.of(), DemandCursor.NONE, NOW);
    }

    private static List<Integer> queuedPerPool(Demand demand) {
        return demand.pools().stream().map(Demand.PoolDemand::queued).toList();
    }

    @Test
    void aJobFitsAPoolWhoseLabelsIncludeAllOfItsOwn_comparedCaseInsensitively() {
        Demand demand = demand(FLEET, NO_JOB_LABELS, List.of(
                queued(1, NOW, "self-hosted", "GPU"),
                queued(2, NOW, "Self-Hosted", "Linux", "X64", "gpu", "Installation_ID:G"),
                queued(3, NOW, "self-hosted", "gpu", "cuda")));

        assertThat(queuedPerPool(demand)).containsExactly(0, 2, 0);
        assertThat(demand.unmatchedQueuedJobs()).isEqualTo(1);
    }

    @Test
    void aJobThatFitsSeveralPools_countsOnceForTheTightest_tiesByGroupName() {
        List<Runner> twins = List.of(FLEET.get(0), FLEET.get(1),
                runner(4, "arm-2", true, false, 2, "self-hosted", "linux", "x64", "installation_id:a"));

        Demand demand = demand(twins, NO_JOB_LABELS, List.of(
                queued(1, NOW, "self-hosted", "linux"),
                queued(2, NOW, "linux", "x64"),
                queued(3, NOW, "self-hosted", "gpu")));

        // small and arm have 4 labels each, gpu 5: jobs 1 and 2 go to arm (before small by name), job 3 to gpu.
        assertThat(queuedPerPool(demand)).containsExactly(0, 1, 2);
        assertThat(demand.queued() + demand.unmatchedQueuedJobs()).isEqualTo(3);
    }

    @Test
    void aJobNoPoolFits_isUnmatched_andOfflineRunnersGiveNoLabels() {
        Demand demand = demand(FLEET, NO_JOB_LABELS, List.of(queued(1, NOW, "self-hosted", "arm64"), queued(2, NOW, "windows")));

        assertThat(queuedPerPool(demand)).containsExactly(0, 0, 0);
        assertThat(demand.unmatchedQueuedJobs()).isEqualTo(2);
    }

    @Test
    void aPoolWithoutRunners_getsItsJobsThroughItsJobLabels_scaleFromZero() {
        List<List<String>> jobLabels = List.of(List.of(), List.of(), List.of("self-hosted", "linux", "arm64"));

        Demand demand = demand(FLEET, jobLabels, List.of(queued(1, NOW.minusSeconds(90), "self-hosted", "ARM64")));

        assertThat(queuedPerPool(demand)).containsExactly(0, 0, 1);
        assertThat(demand.pools().get(2).oldestQueuedSeconds()).isEqualTo(90);
        assertThat(demand.pools().get(0).oldestQueuedSeconds()).isZero();
    }

    @Test
    void busyFlags_areCorrectedByTheLedger_andTheDisagreementsCounted() {
        List<Runner> flags = List.of(
                runner(1, "small-1", true, false, 0, "self-hosted", "installation_id:s"),
                runner(2, "small-2", true, true, 0, "self-hosted", "installation_id:s"),
                runner(3, "small-3", true, true, 0, "self-hosted", "installation_id:s"),
                runner(5, "small-5", false, false, 0, "self-hosted", "installation_id:s"));
        // small-1 runs job 10 (its flag lags); small-2's last job 20 completed (its flag lags); small-3 is busy by both.
        DemandCursor previous = new DemandCursor(Set.of(20L), Map.of("small-2", 20L), NOW.minusSeconds(60), 1);
        List<LedgerJob> running = List.of(
                inProgress(10, NOW.minusSeconds(20), NOW.minusSeconds(10), 1, "small-1", "self-hosted"),
                inProgress(30, NOW.minusSeconds(20), NOW.minusSeconds(10), 3, "small-3", "self-hosted"));

        Demand demand = Demand.compute(List.of(SMALL), flags, List.of(List.of()), List.of(), running, previous, NOW);

        assertThat(demand.runners()).extracting(Runner::name, Runner::busy).containsExactly(
                org.assertj.core.groups.Tuple.tuple("small-1", true), org.assertj.core.groups.Tuple.tuple("small-2", false),
                org.assertj.core.groups.Tuple.tuple("small-3", true), org.assertj.core.groups.Tuple.tuple("small-5", false));
        assertThat(demand.pools().get(0).busyFlagDisagreements()).isEqualTo(2);
        assertThat(demand.next().runnerJobs()).isEqualTo(Map.of("small-1", 10L, "small-2", 20L, "small-3", 30L));
    }

    @Test
    void aRunnerIsMatchedToItsInProgressJobByIdWhenTheNameDiffers() {
        List<Runner> flags = List.of(runner(7, "small-7", true, false, 0, "installation_id:s"));
        List<LedgerJob> running = List.of(inProgress(70, NOW.minusSeconds(9), NOW.minusSeconds(3), 7, "renamed", "x"));

        Demand demand = Demand.compute(List.of(SMALL), flags, List.of(List.of()), List.of(), running, DemandCursor.NONE, NOW);

        assertThat(demand.runners().get(0).busy()).isTrue();
        assertThat(demand.pools().get(0).jobWaits()).containsExactly(6L);
    }
}
