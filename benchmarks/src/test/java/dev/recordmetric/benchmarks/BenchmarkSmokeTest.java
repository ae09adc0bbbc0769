package dev.recordmetric.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The benchmark at tiny sizes: checks it runs end to end and prints its tables, never how fast. */
class BenchmarkSmokeTest {

    @Test
    void quickRun_printsEveryTable() throws Exception {
        var options = Main.Options.parse("--quick");
        assumeTrue(Files.isRegularFile(options.root().resolve("functions/list-runners/target/list-runners.jar"))
                && Files.isRegularFile(options.root().resolve("functions/get-token/target/get-token.jar")),
                "the deployable jars are built by the reactor's package phase");

        String report;
        try (var fixture = new Fixture(options.sizes())) {
            report = new Main(options, fixture).report();
        }

        assertThat(report)
                .contains("| runners | original: sequential, 30/page |")
                .contains("| 250 |")
                .contains("## Cold start")
                .contains("GetToken, GitHub App")
                .contains("## Memory and output size")
                .contains("ListRunners in a fresh JVM with -Xmx64m, 3 invocations | succeeds")
                .contains("## Whole workflow on the local engine")
                .contains("States entered: StartRun → GetToken → GetTokenRateLimited → ListRunners → ListRunnersRateLimited → CountRunners → PutMetricData")
                .contains("## Cost per month")
                .contains("## GitHub API requests per hour")
                .contains("## Targets")
                .doesNotContain(Fixture.PAT);
    }

    @Test
    void transitions_countTheHappyPathOfTheDefinition() {
        var options = Main.Options.parse("--quick");

        int transitions = Costs.transitionsPerExecution(options.root());

        assertThat(transitions).isEqualTo(7);
    }
}
