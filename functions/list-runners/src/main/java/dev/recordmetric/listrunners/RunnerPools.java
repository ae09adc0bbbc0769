package dev.recordmetric.listrunners;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.recordmetric.common.Environment;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.errors.InvalidConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The pools a deployment counts, from {@code RUNNER_POOLS}: a JSON array of
 * {@code {"asgName": "<Auto Scaling group>", "installationId": "<id>"}}, as the Terraform module
 * writes it. {@code RUNNER_INSTALLATION_ID} alone (the variable before pools) is one pool without a
 * group name. Every problem fails the start-up naming the variable and the entry.
 *
 * <p>At most {@link #MAX_POOLS}: each pool adds three datapoints and its counts and names to the
 * state output, which must stay far below Step Functions' 256 KiB.
 */
final class RunnerPools {

    static final String POOLS = "RUNNER_POOLS";
    static final String INSTALLATION_ID = "RUNNER_INSTALLATION_ID";
    static final String LABEL_PREFIX = "installation_id:";
    static final int MAX_POOLS = 50;

    /** GitHub label names: up to 100 characters, no commas or whitespace (the prefix takes 16). */
    private static final Pattern LABEL_VALUE = Pattern.compile("[^,\\s]{1,84}");
    /** An Auto Scaling group name: 1 to 255 characters, none a control character. */
    private static final Pattern ASG_NAME = Pattern.compile("[^\\p{Cntrl}]{1,255}");

    private RunnerPools() {
    }

    static List<RunnerPool> from(Environment env) {
        var pools = env.optional(POOLS);
        var installationId = env.optional(INSTALLATION_ID);
        if (pools.isPresent() && installationId.isPresent()) {
            throw new InvalidConfigurationException("Environment variables " + POOLS + " and " + INSTALLATION_ID
                    + " are both set: set " + POOLS + " alone (the Terraform module does), or " + INSTALLATION_ID
                    + " alone for one pool.");
        }
        if (installationId.isPresent()) {
            return List.of(new RunnerPool(null, label(INSTALLATION_ID, installationId.get())));
        }
        if (pools.isEmpty()) {
            throw new InvalidConfigurationException("Environment variable " + POOLS + " is not set (nor " + INSTALLATION_ID
                    + ", its one-pool form): set it on the function (the Terraform module does) to"
                    + " [{\"asgName\": \"<group>\", \"installationId\": \"<id>\"}, ...].");
        }
        return parse(pools.get());
    }

    private static List<RunnerPool> parse(String json) {
        List<Map<String, String>> entries;
        try (JsonParser parser = JsonStreams.FACTORY.createParser(json)) {
            entries = entries(parser);
        } catch (JsonProcessingException e) {
            throw malformed("it is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw malformed("it cannot be read (" + e.getMessage() + ")");
        }
        if (entries.isEmpty()) {
            throw malformed("it lists no pool");
        }
        if (entries.size() > MAX_POOLS) {
            throw malformed("it lists " + entries.size() + " pools, more than the " + MAX_POOLS + " one deployment counts"
                    + " (each adds datapoints and names to a state that must stay under 256 KiB); split them over deployments");
        }
        var pools = new ArrayList<RunnerPool>();
        Set<String> names = new HashSet<>();
        Map<String, String> labels = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < entries.size(); i++) {
            Map<String, String> entry = entries.get(i);
            String where = "pool " + (i + 1);
            String asgName = entry.get("asgName");
            if (asgName == null || !ASG_NAME.matcher(asgName).matches() || asgName.isBlank()) {
                throw malformed(where + " needs an asgName of 1 to 255 characters without control characters"
                        + (asgName == null ? "" : ", not '" + asgName + "'"));
            }
            String installationId = entry.get("installationId");
            if (installationId == null) {
                throw malformed(where + " (" + asgName + ") needs an installationId");
            }
            String label = label(POOLS, installationId);
            if (!names.add(asgName)) {
                throw malformed("pool " + asgName + " is listed twice: give each Auto Scaling group one pool");
            }
            String other = labels.putIfAbsent(label, asgName);
            if (other != null) {
                throw malformed("pools " + other + " and " + asgName + " both count " + label + " (labels compare"
                        + " case-insensitively): give each pool its own installation id");
            }
            pools.add(new RunnerPool(asgName, label));
        }
        return List.copyOf(pools);
    }

    /** An array of objects of strings, with no field given twice and no other field. */
    private static List<Map<String, String>> entries(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw malformed("it is not a JSON array of {\"asgName\", \"installationId\"} objects");
        }
        var entries = new ArrayList<Map<String, String>>();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String where = "pool " + (entries.size() + 1);
            Map<String, String> entry = new TreeMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("asgName") && !field.equals("installationId")) {
                    throw malformed(where + " has an unknown field '" + field + "' (only asgName and installationId)");
                }
                if (value != JsonToken.VALUE_STRING) {
                    throw malformed(where + "'s " + field + " is not a string");
                }
                if (entry.put(field, parser.getText()) != null) {
                    throw malformed(where + " gives " + field + " twice");
                }
            }
            entries.add(entry);
        }
        if (parser.currentToken() != JsonToken.END_ARRAY || parser.nextToken() != null) {
            throw malformed("it is not a JSON array of {\"asgName\", \"installationId\"} objects");
        }
        return entries;
    }

    private static String label(String variable, String installationId) {
        if (!LABEL_VALUE.matcher(installationId).matches()) {
            throw Environment.malformed(variable, "'" + installationId + "' cannot be part of a GitHub runner"
                    + " label (no spaces or commas, at most 84 characters)");
        }
        return LABEL_PREFIX + installationId;
    }

    private static InvalidConfigurationException malformed(String problem) {
        return Environment.malformed(POOLS, problem);
    }
}
