package dev.recordmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code record-metric up}: where it cannot run, and the whole of it once (about three minutes: terraform apply and
 * destroy on moto) for what only {@code up} does beyond the e2e module's test of the deployment: the job ledger's
 * receiver exercised through its function URL.
 */
class UpCommandTest {

    @Test
    void up_withoutAPythonForMoto_endsWithOneLineNamingTheInstallCommand() {
        Cli.Result result = Cli.run(Map.of(), "up", "--python", "/nonexistent/python3");

        assertThat(result.exit()).isEqualTo(RecordMetric.BAD_INPUT);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err()).startsWith("record-metric: ").contains("/nonexistent/python3")
                .contains("python3 -m pip install \"moto[server]==5.2.1\"").doesNotContain("\tat ");
    }

    @Test
    void up_deploysTheExample_runsIt_andItsReceiverRecordsASignedDeliveryAndRefusesAnUnsignedOne() {
        Cli.Result result = Cli.run(Map.of(), "up");

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("+ module.record_metric.aws_lambda_function_url.receive_job_events[0]",
                        "+ module.record_metric.aws_dynamodb_table.job_ledger[0]", "SUCCEEDED in")
                .containsPattern("✓ signed delivery +→ HTTP 200 \\{\"job\":\\d+,\"status\":\"queued\",\"outcome\":\"recorded\"\\};"
                        + " table [\\w-]+-job-ledger: job queued")
                .containsPattern("✓ unsigned delivery → HTTP 401 .*X-Hub-Signature-256 is missing.*: nothing stored")
                .containsPattern("destroyed \\d+ resources");
    }
}
