package dev.recordmetric.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pools section at tiny sizes: it runs and prints its table, never how fast. */
class PoolsBenchmarkTest {

    @Test
    void quickRun_printsOneRowPerPoolCountWithTheRequestsCounted() {
        // --quick lists one page; 250 runners take several, so that the second pass is counted too.
        var options = Main.Options.parse("--quick", "--sizes=250");

        String section = PoolsBenchmark.of(options).section();

        assertThat(section).contains("## Pools: one deployment against one per pool", "250 runners in one organization")
                .contains("| pools | one deployment: GitHub requests / h |");
        // 250 runners: 3 pages, twice (the second pass: 304s, free on the primary limit), a run; one
        // deployment lists once whatever the pools.
        assertThat(section).containsPattern("\\| 1 \\| 360 \\| [^|]+ \\| 360 \\|")
                .containsPattern("\\| 3 \\| 360 \\| [^|]+ \\| 1,080 \\|");
    }
}
