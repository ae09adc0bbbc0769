package dev.recordmetric.listrunners;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Environment;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POOL_JOB_LABELS}: per pool the labels its runners will carry, {@code {"<asg>": ["self-hosted",
 * "linux", ...]}} (Terraform's {@code pools[*].job_labels}), so that queued jobs find a pool that has
 * no online runner yet (scale from zero). Absent: none. Lower-cased, as GitHub compares labels
 * case-insensitively ("Using labels with self-hosted runners": labels are case-insensitive).
 */
final class PoolJobLabels {

    static final String VARIABLE = "POOL_JOB_LABELS";
    private static final String SHAPE = "a JSON object {\"<Auto Scaling group>\": [\"<label>\", ...], ...}";

    private PoolJobLabels() {
    }

    /** Per pool of {@code pools}, in their order, its job labels (empty when not given). */
    static List<List<String>> from(Environment env, List<RunnerPool> pools) {
        Map<String, List<String>> byGroup = env.optional(VARIABLE).map(PoolJobLabels::parse).orElse(Map.of());
        for (String group : byGroup.keySet()) {
            if (pools.stream().noneMatch(pool -> group.equals(pool.asgName()))) {
                throw Environment.malformed(VARIABLE, "pool '" + group + "' is not one of RUNNER_POOLS' groups: give job"
                        + " labels only to the pools this deployment counts (Terraform's pools[*].job_labels)");
            }
        }
        return pools.stream()
                .map(pool -> pool.asgName() == null ? List.<String>of() : byGroup.getOrDefault(pool.asgName(), List.of()))
                .toList();
    }

    private static Map<String, List<String>> parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw Environment.malformed(VARIABLE, "it is not JSON; it must be " + SHAPE);
        }
        if (root == null || !root.isObject()) {
            throw Environment.malformed(VARIABLE, "it is not " + SHAPE);
        }
        Map<String, List<String>> labels = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isArray()) {
                throw Environment.malformed(VARIABLE, "pool " + field.getKey() + "'s labels are not an array of label names");
            }
            List<String> names = new ArrayList<>();
            for (JsonNode label : field.getValue()) {
                if (!label.isTextual() || label.asText().isBlank()) {
                    throw Environment.malformed(VARIABLE, "pool " + field.getKey() + " has a label that is not a label name");
                }
                names.add(label.asText().toLowerCase(Locale.ROOT));
            }
            labels.put(field.getKey(), List.copyOf(names));
        }
        return labels;
    }
}
