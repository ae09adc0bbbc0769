package dev.recordmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code record-metric up} where it cannot run; the whole deployment is the e2e module's test. */
class UpCommandTest {

    @Test
    void up_withoutAPythonForMoto_endsWithOneLineNamingTheInstallCommand() {
        Cli.Result result = Cli.run(Map.of(), "up", "--python", "/nonexistent/python3");

        assertThat(result.exit()).isEqualTo(RecordMetric.BAD_INPUT);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err()).startsWith("record-metric: ").contains("/nonexistent/python3")
                .contains("python3 -m pip install \"moto[server]==5.2.1\"").doesNotContain("\tat ");
    }
}
