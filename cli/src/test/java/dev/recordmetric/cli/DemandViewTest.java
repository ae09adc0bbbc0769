package dev.recordmetric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemandViewTest {

    private static final Instant AT = Instant.parse("2026-12-07T17:00:00Z");

    private static RunRecord record() {
        RunRecord record = new RunRecord("arn:aws:states:eu-west-1:123456789012:execution:record-metric:run-1");
        record.status = "SUCCEEDED";
        record.datapoints.add(new RunRecord.Datapoint("GitHubRunners", "BusyRunners", "asg_name=small", AT, 2, "Count"));
        record.datapoints.add(new RunRecord.Datapoint("GitHubRunners", "IdleRunners", "asg_name=small", AT, 0, "Count"));
        record.datapoints.add(new RunRecord.Datapoint("GitHubRunners", "QueuedJobs", "asg_name=small", AT, 48, "Count"));
        record.datapoints.add(new RunRecord.Datapoint("GitHubRunners", "OldestQueuedJobAgeSeconds", "asg_name=small", AT, 31, "Seconds"));
        record.datapoints.add(new RunRecord.Datapoint("GitHubRunners", "BusyFlagDisagreements", "asg_name=small", AT, 1, "Count"));
        record.datapoints.add(new RunRecord.Datapoint("GitHubRunners", "UnmatchedQueuedJobs", "state_machine=record-metric", AT, 3,
                "Count"));
        // CountRunners' output: JobWaitSeconds as Values and Counts
        ObjectNode counts = Json.MAPPER.createObjectNode();
        ObjectNode wait = counts.putArray("metricData").addObject();
        wait.put("MetricName", "JobWaitSeconds").putArray("Dimensions").addObject().put("Name", "asg_name").put("Value", "small");
        wait.putArray("Values").add(4).add(10).add(60);
        wait.putArray("Counts").add(2).add(1).add(1);
        RunRecord.StateRecord state = new RunRecord.StateRecord("CountRunners", "Pass", AT, null);
        state.output = counts;
        record.states.add(state);
        return record;
    }

    @Test
    void readsEachPoolsDemand_andTheWaitsWithTheirCounts() {
        DemandView demand = DemandView.of(record());

        DemandView.Pool pool = demand.pools().get("small");
        assertThat(pool.queued()).isEqualTo(48);
        assertThat(pool.oldestQueuedSeconds()).isEqualTo(31);
        assertThat(pool.busy()).isEqualTo(2);
        assertThat(pool.busyFlagDisagreements()).isEqualTo(1);
        assertThat(pool.jobWaits()).containsExactly(4.0, 4.0, 10.0, 60.0);
        assertThat(demand.unmatchedQueuedJobs()).isEqualTo(3);
        assertThat(demand.observedAt()).isEqualTo(AT);
    }

    @Test
    void withoutQueuedJobs_noDemand() {
        RunRecord record = record();
        record.datapoints.removeIf(d -> d.metricName().equals("QueuedJobs"));

        assertThat(DemandView.of(record)).isNull();
    }

    @Test
    void percentiles_nearestRank() {
        List<Double> waits = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 100.0);

        assertThat(DemandView.percentile(waits, 50)).isEqualTo(5.0);
        assertThat(DemandView.percentile(waits, 95)).isEqualTo(100.0);
        assertThat(DemandView.percentile(waits, 90)).isEqualTo(9.0);
        assertThat(DemandView.percentile(List.of(), 50)).isNaN();
    }
}
