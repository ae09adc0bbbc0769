package dev.recordmetric.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark at tiny sizes: checks it runs end to end and prints its tables, never how fast. */
class BenchmarkSmokeTest {

    @Test
    void quickRun_printsEveryTable() throws Exception {
        var options = Main.Options.parse("--quick");
        requireDeployableJars(options.root(), "functions/list-runners/target/list-runners.jar",
                "functions/get-token/target/get-token.jar");

        String report;
        try (var fixture = new Fixture(options.sizes())) {
            report = new Main(options, fixture).report();
        }

        assertThat(report)
                .contains("| runners | original: sequential, 30/page |")
                .contains("| 100 |")
                .contains("## Cold start")
                .contains("GetToken, GitHub App")
                .contains("## Memory and output size")
                .contains("ListRunners in a fresh JVM with -Xmx64m, 3 invocations | succeeds")
                .contains("## Whole workflow on the local engine")
                .contains("States entered: StartRun → GetToken → GetTokenRateLimited → ListRunners → ListRunnersRateLimited → CountRunners → PutMetricData")
                .contains("## Cost per month")
                .contains("## GitHub API requests per hour")
                .contains("## Targets")
                .contains("## Cold start at Lambda's CPU share")
                .contains("| GetToken, GitHub App (mints a token) | 1,769 MB (100.0 %) |")
                .contains("## Warm invocations at Lambda's CPU share")
                .contains("## Lambda cost per month by memory size")
                .contains("## Classes loaded at cold start")
                .contains("## Cold start under AWS's runtime interface client")
                .contains("## Targets at Lambda's CPU share")
                .doesNotContain(Fixture.PAT);
    }

    @Test
    void quickComparison_againstItself_printsItsTable() throws Exception {
        var root = Main.Options.parse("--quick").root();
        var options = Main.Options.parse("--quick", "--only=compare", "--baseline=" + root, "--capped-only",
                "--compare-cases=ListRunners");
        requireDeployableJars(root, "functions/list-runners/target/list-runners.jar");

        String report;
        try (var fixture = new Fixture(options.sizes())) {
            report = new Main(options, fixture).report();
        }

        assertThat(report)
                .contains("## This checkout against a baseline at the 1,769 MB share")
                .contains("| ListRunners, 100 runners | ")
                .doesNotContain("GetToken");
    }

    @Test
    void quickListingBudget_printsARowPerFleetSize_againstTheDefinitionsTimeout() throws Exception {
        var options = Main.Options.parse("--quick", "--only=listing-budget", "--sizes=100,250");
        requireDeployableJars(options.root(), "functions/list-runners/target/list-runners.jar");

        String report;
        try (var fixture = new Fixture(options.sizes())) {
            report = new Main(options, fixture).report();
        }

        assertThat(report)
                .contains("## ListRunners' time budget by organization size")
                .contains("`TimeoutSeconds` is " + ShareCase.taskTimeout(options.root(), "ListRunners") + " s")
                .containsPattern("\\| 100 \\| 1,769 MB \\(100\\.0 %\\) \\| 1 \\(1\\) \\|")
                // 250 runners: 3 pages, then each again with If-None-Match (issue 17's second pass; was page 1 again: 4)
                .containsPattern("\\| 250 \\| 1,769 MB \\(100\\.0 %\\) \\| 6 \\(\\d+\\) \\|")
                .doesNotContain(Fixture.PAT);
    }

    @Test
    void quickReceiver_printsItsTable_underTheRuntimeClient() throws Exception {
        var options = Main.Options.parse("--quick", "--only=receiver");
        requireDeployableJars(options.root(), "functions/list-runners/target/list-runners.jar",
                "functions/get-token/target/get-token.jar", "functions/job-events/target/job-events.jar");

        String report;
        try (var fixture = new Fixture(options.sizes())) {
            report = new Main(options, fixture).report();
        }

        assertThat(report)
                .contains("## ReceiveJobEvents under AWS's runtime interface client at the 1,024 MB share")
                .containsPattern("\\| cold start to the first answer \\(init \\+ first delivery\\) \\| [0-9.,]+ (ms|s) ")
                .containsPattern("\\| warm delivery p99 \\| [0-9.,]+ (ms|µs|s) \\|")
                .containsPattern("\\| deliveries a second, one instance \\| [1-9][0-9]* \\|")
                .contains("Warm: 20 deliveries")
                .contains("AWS_SECRET_ACCESS_KEY=FAKE_AWS_SECRET")
                .doesNotContain("benchmark-webhook-secret");
    }

    @Test
    void classCounts_splitAtTheConstructorAndByOrigin() {
        var lines = java.util.List.of(
                "[100ns] java.lang.Object source: shared objects file",
                "[200ns] software.amazon.awssdk.core.SdkClient source: file:/task/list-runners.jar",
                "[300ns] dev.recordmetric.benchmarks.probe.Probe source: file:/tmp/probe.jar",
                "[400ns] com.fasterxml.jackson.core.JsonFactory source: file:/task/list-runners.jar",
                "[500ns] dev.recordmetric.listrunners.RunnerPage$$Lambda/0x1 source: dev.recordmetric.listrunners.RunnerPage",
                "[600ns] java.lang.management.ManagementFactory source: jrt:/java.management");

        ClassCounts counts = ClassCounts.count("ListRunners", lines, 250, 500);

        assertThat(counts.beforeInvoke()).isEqualTo(2);
        assertThat(counts.inInvoke()).isEqualTo(2);
        assertThat(counts.origin("JDK")).isEqualTo(1);
        assertThat(counts.origin("AWS SDK")).isEqualTo(1);
        assertThat(counts.origin("Jackson")).isEqualTo(1);
        assertThat(counts.origin("generated")).isEqualTo(1);
    }

    @Test
    void quota_isTheMemorysShareOfOneCpu() {
        assertThat(CpuQuota.quotaUs(256)).isEqualTo(14_471);
        assertThat(CpuQuota.quotaUs(1769)).isEqualTo(CpuQuota.PERIOD_US);
    }

    @Test
    void taskTimeouts_comeFromTheDefinition() {
        var options = Main.Options.parse("--quick");

        assertThat(ShareCase.taskTimeout(options.root(), "GetToken")).isPositive();
        assertThat(ShareCase.taskTimeout(options.root(), "ListRunners")).isPositive();
    }

    @Test
    void transitions_countTheHappyPathOfTheDefinition() {
        var options = Main.Options.parse("--quick");

        int transitions = Costs.transitionsPerExecution(options.root());

        assertThat(transitions).isEqualTo(7);
    }

    /** The benchmark runs the deployable jars, which a build without their package phase (e.g. {@code -pl benchmarks -am test}) lacks. */
    private static void requireDeployableJars(Path root, String... jars) {
        for (String jar : jars) {
            assertThat(root.resolve(jar))
                    .as("%s is missing: build the functions' jars with the benchmark, ./mvnw -B -ntp -pl benchmarks -am verify"
                            + " (or benchmarks/run)", jar)
                    .isRegularFile();
        }
    }
}
