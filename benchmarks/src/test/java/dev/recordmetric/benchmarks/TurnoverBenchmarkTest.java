package dev.recordmetric.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The turnover sections at tiny sizes: they run and print their tables, never how fast. */
class TurnoverBenchmarkTest {

    @Test
    void quickRun_printsBothTablesAndEveryRunPublishesWithinItsBound() {
        TurnoverBenchmark benchmark = TurnoverBenchmark.of("--quick", "--rates=0,20");

        String concurrency = benchmark.concurrencySection();
        String turnover = benchmark.turnoverSection();

        assertThat(concurrency).contains("## ListRunners: pages in flight")
                .containsPattern("\\| 250 \\| 1 \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| 6 \\| 3 \\| 1 \\|")
                .containsPattern("\\| 250 \\| 10 \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| 6 \\| 3 \\| [23] \\|");
        assertThat(turnover).contains("## ListRunners under runner turnover")
                .containsPattern("\\| 250 \\| 0.0 \\| 2 / 2 \\| .* \\| 0 / 0 / 0 \\| 0.00 % \\| 0 / 0 / 0 \\| 0 \\|")
                .containsPattern("\\| 250 \\| 20.0 \\| 2 / 2 \\| .* \\| 0 \\|\\n");
    }
}
