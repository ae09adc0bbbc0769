package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What both repairs did, as CloudWatch datapoints for the state machine's PutMetricData (its
 * {@code MetricData}: name, dimension {@code state_machine}, timestamp, unit {@code Count}, value).
 */
final class RepairMetrics {

    static final String DIMENSION = "state_machine";

    private RepairMetrics() {
    }

    /** @param redelivery the redeliver task's output, as the state machine passes it (missing: zeros) */
    static ArrayNode render(JsonNode redelivery, Reconciliation.Result reconciliation, String stateMachineName, Instant at) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        String name = stateMachineName == null ? "repair-job-ledger" : stateMachineName;
        add(data, "RedeliveriesRequested", name, at, redelivery.path("redeliveriesRequested").asLong(0));
        add(data, "FailedDeliveries", name, at, redelivery.path("failedDeliveries").asLong(0));
        add(data, "JobsCorrected", name, at, reconciliation.jobsCorrected());
        add(data, "JobsClosed", name, at, reconciliation.jobsClosed());
        add(data, "StaleJobsChecked", name, at, reconciliation.jobsChecked());
        return data;
    }

    private static void add(ArrayNode data, String metric, String stateMachine, Instant at, long value) {
        ObjectNode datum = data.addObject().put("MetricName", metric);
        datum.putArray("Dimensions").addObject().put("Name", DIMENSION).put("Value", stateMachine);
        datum.put("Timestamp", at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).put("Unit", "Count").put("Value", value);
    }
}
