package dev.recordmetric.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The repairs section on a small organization: it runs and prints its table, never how fast. */
class RepairsBenchmarkTest {

    @Test
    void quickRun_printsOneRowPerLossRate_andTheLedgerSettlesToGitHubsTruth() {
        String section = RepairsBenchmark.of("--quick", "--losses=0,10").section();

        assertThat(section).contains("## Repairs: requests per run", "| lost deliveries | runs |");
        // No loss: one listing a run, nothing to redeliver, and the settled jobs all right.
        // Each run: the cursor's GetItem and PutItem, and one open-jobs query per open status (three).
        assertThat(section).containsPattern("\\| 0 % \\| 15 \\| \\d+ \\(0\\) \\| 1.00 \\| 0.00 \\|[^\\n]+\\| GetItem=15, PutItem=15, Query=45[^|]* \\| 0 of \\d+ open \\|");
        // 10 % lost: some redeliveries, and every settled job right at the end.
        assertThat(section).containsPattern("\\| 10 % \\| 15 \\| \\d+ \\([1-9]\\d*\\) \\| 1.00 \\| 0.[1-9]\\d \\|[^\\n]+\\| 0 of \\d+ open \\|");
    }
}
