package dev.recordmetric.listrunners;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.JsonStreams;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * ListRunners' state output: per pool the exact counts per state and the runners' names as far as
 * they fit in {@link #NAME_BUDGET_BYTES} (shared by the pools, handed out a name per pool in turn so
 * that every pool shows some), the totals, and the datapoints to publish. The console shows who was
 * seen while the output stays far below Step Functions' 256 KiB payload limit (an overflow there
 * cannot be caught). Names are dropped, never counts. A name costs what it takes in the JSON text:
 * quoted, escaped (a control character escapes to up to six bytes) and UTF-8 encoded, plus its comma.
 *
 * <p>Fields: {@code observedAt}, {@code organization}, {@code runnerGroupId} (when one group is
 * listed), {@code pools} ({@code [{asgName, label, busy, idle, offline, uncertainty}]}, each state
 * {@code {count, names}}, {@code uncertainty} how far each of the pool's counts can be from the range
 * its truth took during the listing ({@link CountEstimate}); {@code asgName} absent for the pool of
 * {@code RUNNER_INSTALLATION_ID}),
 * {@code busy}/{@code idle}/{@code offline} ({@code {count}} over all pools, a runner in two pools
 * counted in each), {@code namesOmitted}, {@code runnersSeen}, {@code pages}, {@code requests},
 * {@code listings}, {@code uncertainty} (the pools' largest), {@code secondPass}, {@code notModified}
 * (second-pass pages answered 304), {@code noSecondPass} (why a listing of several pages had none, when
 * it had none), GitHub's rate-limit headers of the last response as {@code rateLimitLimit},
 * {@code rateLimitRemaining}, {@code rateLimitUsed}, {@code rateLimitReset} (ISO-8601) and
 * {@code rateLimitResource}, each when GitHub sent it, and {@code metricData} ({@link MetricDatapoints})
 * when every pool names its group. With {@code RUNNER_INSTALLATION_ID} alone also {@code label}: with
 * the totals, what the definition before pools reads.
 */
final class ObservationOutput {

    /**
     * 48 KiB: with 50 pools of the longest group names, their 202 datapoints and 10,000 runners the
     * output stays under 160 KiB (it was 64 KiB before each pool gained its RunnerCountUncertainty
     * datapoint, about 400 bytes with such a name).
     */
    /** The listing's bound and passes, top level; the log line carries them too. */
    static final List<String> BOUND_FIELDS = List.of("uncertainty", "secondPass", "notModified", "noSecondPass");

    static final int NAME_BUDGET_BYTES = 48 * 1024;
    private static final List<RunnerState> STATES = List.of(RunnerState.values());

    private ObservationOutput() {
    }

    /** Without the state machine's name: no API budget datapoints. */
    static ObjectNode render(ListRunnersConfig config, Listing listing) {
        return render(config, listing, null);
    }

    /** The listing counted here. */
    static ObjectNode render(ListRunnersConfig config, Listing listing, String stateMachineName) {
        return render(config, listing, RunnerCounts.perPool(listing.runners(), config.pools().size()), stateMachineName);
    }

    /** @param counts {@link RunnerCounts#perPool} of the listing */
    static ObjectNode render(ListRunnersConfig config, Listing listing, List<RunnerCounts> counts, String stateMachineName) {
        return render(config, listing, counts, stateMachineName, null);
    }

    /**
     * @param listing with {@code demand}, the listing whose runners' busy flags the ledger corrected
     * @param demand the ledger's demand ({@code JOB_LEDGER_TABLE} set), or null: then per pool also
     *     {@code queued}, {@code oldestQueuedSeconds}, {@code jobsStarted}, {@code busyFlagDisagreements},
     *     top level {@code unmatchedQueuedJobs}, and the demand datapoints
     */
    static ObjectNode render(ListRunnersConfig config, Listing listing, List<RunnerCounts> counts, String stateMachineName,
            Demand demand) {
        List<RunnerPool> pools = config.pools();
        List<List<List<String>>> names = new ArrayList<>();
        for (int pool = 0; pool < pools.size(); pool++) {
            List<List<String>> byState = new ArrayList<>();
            STATES.forEach(state -> byState.add(new ArrayList<>()));
            names.add(byState);
        }
        for (Runner runner : listing.runners()) {
            names.get(runner.pool()).get(runner.state().ordinal()).add(runner.name());
        }
        names.forEach(byState -> byState.forEach(list -> list.sort(Comparator.naturalOrder())));

        ObjectNode output = JsonStreams.objectNode()
                .put("observedAt", listing.observedAt().toString())
                .put("organization", config.organization());
        if (!config.poolsNamed()) {
            output.put("label", pools.get(0).label());
        }
        config.runnerGroupId().ifPresent(id -> output.put("runnerGroupId", id));
        ArrayNode poolArray = output.putArray("pools");
        List<List<ArrayNode>> shown = new ArrayList<>();
        for (int pool = 0; pool < pools.size(); pool++) {
            ObjectNode node = poolArray.addObject();
            if (pools.get(pool).asgName() != null) {
                node.put("asgName", pools.get(pool).asgName());
            }
            node.put("label", pools.get(pool).label());
            List<ArrayNode> arrays = new ArrayList<>();
            for (RunnerState state : STATES) {
                arrays.add(node.putObject(key(state)).put("count", counts.get(pool).of(state)).putArray("names"));
            }
            node.put("uncertainty", listing.uncertainty(pool));
            if (demand != null) {
                Demand.PoolDemand pooled = demand.pools().get(pool);
                node.put("queued", pooled.queued())
                        .put("oldestQueuedSeconds", pooled.oldestQueuedSeconds())
                        .put("jobsStarted", pooled.jobWaits().size())
                        .put("busyFlagDisagreements", pooled.busyFlagDisagreements());
            }
            shown.add(arrays);
        }
        int omitted = fillNames(names, shown);
        RunnerCounts total = RunnerCounts.total(counts);
        for (RunnerState state : STATES) {
            output.putObject(key(state)).put("count", total.of(state));
        }
        output.put("namesOmitted", omitted)
                .put("runnersSeen", listing.runnersSeen())
                .put("pages", listing.pages())
                .put("requests", listing.requests())
                .put("listings", listing.listings())
                .put("uncertainty", listing.largestUncertainty())
                .put("secondPass", listing.secondPass())
                .put("notModified", listing.notModified());
        if (!listing.noSecondPass().isEmpty()) {
            output.put("noSecondPass", listing.noSecondPass());
        }
        if (demand != null) {
            output.put("unmatchedQueuedJobs", demand.unmatchedQueuedJobs());
        }
        listing.rateLimit().addTo(output);
        if (config.poolsNamed()) {
            List<Integer> uncertainty = new ArrayList<>();
            for (int pool = 0; pool < pools.size(); pool++) {
                uncertainty.add(listing.uncertainty(pool));
            }
            output.set("metricData", MetricDatapoints.render(pools, counts, uncertainty, listing.rateLimit(), stateMachineName,
                    listing.observedAt(), demand));
        }
        return output;
    }

    /** {@code <asg>=<value>,...} for the log line: per pool figures in one field. */
    static String perPool(List<RunnerPool> pools, java.util.function.IntUnaryOperator value) {
        var text = new StringBuilder();
        for (int pool = 0; pool < pools.size(); pool++) {
            text.append(pool == 0 ? "" : ",").append(pools.get(pool).asgName()).append('=').append(value.applyAsInt(pool));
        }
        return text.toString();
    }

    /**
     * Hands out the name budget one name per pool in turn (each pool's names busy, idle, offline,
     * sorted), so a large pool cannot leave the others without any. Returns the names left out.
     */
    private static int fillNames(List<List<List<String>>> names, List<List<ArrayNode>> shown) {
        List<List<Name>> queues = new ArrayList<>();
        for (List<List<String>> pool : names) {
            List<Name> queue = new ArrayList<>();
            for (int state = 0; state < pool.size(); state++) {
                for (String name : pool.get(state)) {
                    queue.add(new Name(state, name));
                }
            }
            queues.add(queue);
        }
        long budget = NAME_BUDGET_BYTES;
        int omitted = 0;
        var counter = new ByteCounter();
        int longest = queues.stream().mapToInt(List::size).max().orElse(0);
        for (int turn = 0; turn < longest; turn++) {
            for (int pool = 0; pool < queues.size(); pool++) {
                if (turn >= queues.get(pool).size()) {
                    continue;
                }
                Name next = queues.get(pool).get(turn);
                long cost = counter.jsonBytes(next.name()) + 1;
                if (cost > budget) {
                    omitted++;
                    continue;
                }
                budget -= cost;
                shown.get(pool).get(next.state()).add(next.name());
            }
        }
        return omitted;
    }

    private record Name(int state, String name) {
    }

    private static String key(RunnerState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** Counts the bytes a string takes as a JSON string value, as the output is written. */
    private static final class ByteCounter extends OutputStream {
        private long count;

        long jsonBytes(String value) {
            count = 0;
            try (JsonGenerator generator = JsonStreams.FACTORY.createGenerator(this)) {
                generator.writeString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return count;
        }

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
