package dev.recordmetric.cli;

import dev.recordmetric.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What one execution did, gathered from its {@link TimelineEvent}s: the model behind text and JSON output. */
final class RunRecord {

    /** One published value (local runs know them exactly; deployed runs from PutMetricData's parameters). */
    record Datapoint(String namespace, String metricName, String dimensions, Instant timestamp, double value, String unit) {}

    record Failure(String error, String cause) {}

    static final class StateRecord {
        final String name;
        final String type;
        final Instant enteredAt;
        Instant endedAt;
        String outcome = "RUNNING";
        final List<Failure> retries = new ArrayList<>();
        Failure pendingFailure;
        Failure failure;
        JsonNode input;
        JsonNode output;

        StateRecord(String name, String type, Instant enteredAt, JsonNode input) {
            this.name = name;
            this.type = type == null ? "" : type;
            this.enteredAt = enteredAt;
            this.input = input;
        }

        Duration duration() {
            return enteredAt == null || endedAt == null ? Duration.ZERO : Duration.between(enteredAt, endedAt);
        }
    }

    final String executionArn;
    Instant startedAt;
    Instant endedAt;
    String status = "RUNNING";
    String error;
    String cause;
    final List<StateRecord> states = new ArrayList<>();
    final List<Datapoint> datapoints = new ArrayList<>();
    /** The job ledger after this run's repairs (simulated runs), or null. */
    LedgerView ledger;
    /** The demand this run published (issue 20), or null. */
    DemandView demand;
    /** Simulated runs with a ledger: queued deliveries against the published QueuedJobs, or null. */
    QueuedToPublished.Figures queuedToPublished;
    /** Simulated runs: per pool label, the runners running a job whose busy flag still says idle. */
    java.util.Map<String, List<String>> flagLagging;

    RunRecord(String executionArn) {
        this.executionArn = executionArn;
    }

    String executionName() {
        int colon = executionArn.lastIndexOf(':');
        return colon < 0 ? executionArn : executionArn.substring(colon + 1);
    }

    Duration duration() {
        return startedAt == null || endedAt == null ? Duration.ZERO : Duration.between(startedAt, endedAt);
    }

    boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /** ListRunners' result (totals, and per pool busy/idle/offline with names), if it succeeded: the state's {@code listing}. */
    JsonNode runners() {
        JsonNode output = listing(lastOutput("ListRunners"));
        return output != null && output.has("busy") ? output : null;
    }

    /** ListRunners' result within its state output ({@code "ResultPath": "$.listing"}). */
    static JsonNode listing(JsonNode listRunnersOutput) {
        return listRunnersOutput != null && listRunnersOutput.has("listing") ? listRunnersOutput.get("listing") : listRunnersOutput;
    }

    /** CountRunners' output (the values to publish), if it ran. */
    JsonNode counts() {
        return lastOutput("CountRunners");
    }

    private JsonNode lastOutput(String state) {
        for (int i = states.size() - 1; i >= 0; i--) {
            StateRecord s = states.get(i);
            if (s.name.equals(state) && s.output != null) {
                return s.output;
            }
        }
        return null;
    }

    StateRecord current(String state) {
        for (int i = states.size() - 1; i >= 0; i--) {
            if (states.get(i).name.equals(state)) {
                return states.get(i);
            }
        }
        return null;
    }

    /** One JSON object for {@code --json}. */
    ObjectNode toJson(int run) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        if (run > 0) {
            json.put("run", run);
        }
        json.put("execution", executionArn);
        json.put("status", status);
        json.put("startedAt", startedAt == null ? null : startedAt.toString());
        json.put("durationMs", duration().toMillis());
        ArrayNode stateArray = json.putArray("states");
        for (StateRecord s : states) {
            ObjectNode state = stateArray.addObject();
            state.put("name", s.name).put("type", s.type).put("outcome", s.outcome).put("durationMs", s.duration().toMillis());
            ArrayNode retries = state.putArray("retries");
            s.retries.forEach(r -> retries.addObject().put("error", r.error()).put("cause", Timeline.readableCause(r.cause())));
            if (s.failure != null) {
                state.put("error", s.failure.error()).put("cause", Timeline.readableCause(s.failure.cause()));
            }
        }
        JsonNode runners = runners();
        if (runners != null) {
            ObjectNode r = json.putObject("runners");
            for (String group : new String[] {"busy", "idle", "offline"}) {
                r.set(group, runners.path(group));
            }
            r.put("namesOmitted", runners.path("namesOmitted").asInt());
            if (runners.has("label")) {
                r.put("label", runners.path("label").asText());
            }
            if (runners.has("pools")) {
                r.set("pools", runners.path("pools"));
            }
            r.put("observedAt", runners.path("observedAt").asText());
        }
        ArrayNode points = json.putArray("datapoints");
        for (Datapoint d : datapoints) {
            points.add(datapointJson(d));
        }
        if (ledger != null) {
            json.set("jobLedger", ledger.toJson());
        }
        if (demand != null) {
            ObjectNode d = json.putObject("demand");
            d.setAll(demand.toJson());
            if (queuedToPublished != null) {
                d.setAll(queuedToPublished.toJson());
            }
        }
        if (flagLagging != null) {
            ObjectNode lagging = json.putObject("simulation").putObject("busyFlagLagging");
            flagLagging.forEach((label, names) -> {
                ArrayNode list = lagging.putArray(label);
                names.forEach(list::add);
            });
        }
        if (error != null) {
            json.put("error", error);
            json.put("cause", Timeline.readableCause(cause));
        }
        return json;
    }

    static ObjectNode datapointJson(Datapoint d) {
        ObjectNode point = Json.MAPPER.createObjectNode();
        point.put("namespace", d.namespace()).put("metricName", d.metricName()).put("dimensions", d.dimensions());
        point.put("timestamp", d.timestamp() == null ? null : d.timestamp().toString());
        point.put("value", d.value()).put("unit", d.unit());
        return point;
    }
}
