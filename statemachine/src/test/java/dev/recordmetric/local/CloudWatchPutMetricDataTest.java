package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

class CloudWatchPutMetricDataTest {

    private static final Instant NOW = Instant.parse("2026-11-27T03:20:30Z");
    private final CloudWatchPutMetricData cloudWatch =
            new CloudWatchPutMetricData(Clock.fixed(NOW, ZoneOffset.UTC));

    private static JsonNode json(String text) throws Exception {
        return Json.STRICT.readTree(text.replace('\'', '"'));
    }

    private static String datum(String extra) {
        return "{'MetricName': 'BusyRunners', 'Dimensions': [{'Name': 'asg_name', 'Value': 'runners'}],"
                + " 'Timestamp': '2026-11-27T03:20:07Z', 'Unit': 'Count', 'Value': 3" + extra + "}";
    }

    @Test
    void invoke_withTheDefinitionsParameters_recordsTheRequest() throws Exception {
        cloudWatch.invoke(json("{'Namespace': 'GitHubRunners', 'MetricData': [" + datum("") + "]}"), "arn:x");

        PutMetricDataRequest request = cloudWatch.requests().getFirst();
        assertThat(request.namespace()).isEqualTo("GitHubRunners");
        assertThat(request.metricData()).singleElement().satisfies(d -> {
            assertThat(d.metricName()).isEqualTo("BusyRunners");
            assertThat(d.unit()).isEqualTo(StandardUnit.COUNT);
            assertThat(d.value()).isEqualTo(3.0);
            assertThat(d.timestamp()).isEqualTo(Instant.parse("2026-11-27T03:20:07Z"));
            assertThat(d.dimensions()).singleElement().satisfies(dim -> {
                assertThat(dim.name()).isEqualTo("asg_name");
                assertThat(dim.value()).isEqualTo("runners");
            });
        });
        assertThat(cloudWatch.datapoints("arn:x")).singleElement()
                .satisfies(p -> assertThat(p.dimensions()).isEqualTo(Map.of("asg_name", "runners")));
        assertThat(cloudWatch.datapoints("arn:other")).isEmpty();
    }

    @Test
    void invoke_whenFieldMisCased_failsWithStatesRuntimeNamingIt() {
        assertThatThrownBy(() -> cloudWatch.invoke(json("{'namespace': 'GitHubRunners', 'MetricData': []}"), ""))
                .isInstanceOfSatisfying(AwsSdkIntegration.TaskFailedException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.getMessage()).contains("'namespace' is not supported").contains("Namespace");
                });
        assertThatThrownBy(() -> cloudWatch.invoke(
                        json("{'Namespace': 'N', 'MetricData': [" + datum(", 'unit': 'Count'") + "]}"), ""))
                .hasMessageContaining("'MetricData[0].unit' is not supported");
        assertThat(cloudWatch.requests()).isEmpty();
    }

    @Test
    void invoke_whenFieldUnknownOrMistyped_failsWithStatesRuntime() {
        assertThatThrownBy(() -> cloudWatch.invoke(
                        json("{'Namespace': 'N', 'MetricData': [" + datum(", 'Extra': 1") + "]}"), ""))
                .hasMessageContaining("'MetricData[0].Extra' is not supported");
        assertThatThrownBy(() -> cloudWatch.invoke(
                        json("{'Namespace': 'N', 'MetricData': [" + datum("").replace("'Value': 3", "'Value': '3'") + "]}"), ""))
                .hasMessageContaining("'MetricData[0].Value' must be a number");
        assertThatThrownBy(() -> cloudWatch.invoke(
                        json("{'Namespace': 'N', 'MetricData': [" + datum("").replace("03:20:07Z", "03:20:07") + "]}"), ""))
                .hasMessageContaining("ISO-8601 timestamp with an offset");
        assertThatThrownBy(() -> cloudWatch.invoke(json("{'Namespace': 'N', 'MetricData': {}}"), ""))
                .hasMessageContaining("'MetricData' must be an array");
    }

    @Test
    void invoke_whenCloudWatchWouldRefuse_failsWithItsErrorName() {
        assertThatThrownBy(() -> cloudWatch.invoke(json("{'MetricData': [" + datum("") + "]}"), ""))
                .isInstanceOfSatisfying(AwsSdkIntegration.TaskFailedException.class,
                        e -> assertThat(e.error()).isEqualTo("CloudWatch.MissingRequiredParameterException"));
        assertThatThrownBy(() -> cloudWatch.invoke(
                        json("{'Namespace': 'N', 'MetricData': [" + datum("").replace("'Count'", "'Runners'") + "]}"), ""))
                .isInstanceOfSatisfying(AwsSdkIntegration.TaskFailedException.class, e -> {
                    assertThat(e.error()).isEqualTo("CloudWatch.InvalidParameterValueException");
                    assertThat(e.getMessage()).contains("MetricData.member.1.Unit");
                });
        assertThatThrownBy(() -> cloudWatch.invoke(
                        json("{'Namespace': 'N', 'MetricData': [" + datum("").replace("07Z", "07.1234567Z") + "]}"), ""))
                .hasMessageContaining("more than 6 fractional digits");
        assertThatThrownBy(() -> cloudWatch.invoke(
                        json("{'Namespace': 'N', 'MetricData': [" + datum("").replace("2026-11-27", "2026-11-01") + "]}"), ""))
                .hasMessageContaining("two weeks");
        assertThatThrownBy(() -> cloudWatch.invoke(
                        json("{'Namespace': 'N', 'MetricData': [" + datum(", 'Values': [1, 2]") + "]}"), ""))
                .isInstanceOfSatisfying(AwsSdkIntegration.TaskFailedException.class,
                        e -> assertThat(e.error()).isEqualTo("CloudWatch.InvalidParameterCombinationException"));
        assertThatThrownBy(() -> cloudWatch.invoke(json("{'Namespace': 'AWS/EC2', 'MetricData': [" + datum("") + "]}"), ""))
                .hasMessageContaining("parameter Namespace is invalid");
        assertThat(cloudWatch.requests()).isEmpty();
    }

    @Test
    void invoke_acceptsZerosAndMicroseconds() throws Exception {
        cloudWatch.invoke(json("{'Namespace': 'N', 'MetricData': ["
                + datum("").replace("'Value': 3", "'Value': 0").replace("07Z", "07.123456Z") + "]}"), "");

        assertThat(cloudWatch.datapoints()).singleElement().satisfies(p -> assertThat(p.value()).isZero());
    }
}
