package dev.recordmetric.listrunners;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.recordmetric.common.Environment;
import dev.recordmetric.common.JsonStreams;
import dev.recordmetric.errors.InvalidConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The pools a deployment counts, from {@code RUNNER_POOLS}: a JSON object from each Auto Scaling
 * group's name to the installation id its runners carry, {@code {"small": "7f3c2a", "gpu": "9d1e"}},
 * as the Terraform module writes it (compact: Lambda allows 4 KB for all of a function's environment
 * variables together). {@code RUNNER_INSTALLATION_ID} alone (the variable before pools) is one pool
 * without a group name. Every problem fails the start-up naming the variable and the pool.
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
    /**
     * A CloudWatch dimension value: ASCII without control characters, 1 to 1024 of them, not all
     * whitespace (CloudWatch API Reference, Dimension). All pools go in one PutMetricData request, so
     * one name CloudWatch refuses would stop every pool's metrics.
     */
    private static final Pattern DIMENSION_VALUE = Pattern.compile("[\\x20-\\x7E]{1,1024}");
    private static final String SHAPE = "a JSON object {\"<Auto Scaling group>\": \"<installation id>\", ...}";

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
                    + ", its one-pool form): set it on the function (the Terraform module does) to " + SHAPE + ".");
        }
        return parse(pools.get());
    }

    private static List<RunnerPool> parse(String json) {
        var pools = new ArrayList<RunnerPool>();
        Map<String, String> labels = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (JsonParser parser = JsonStreams.FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("it is not " + SHAPE);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String asgName = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!ASG_NAME.matcher(asgName).matches() || asgName.isBlank()) {
                    throw malformed("pool '" + asgName + "' is not an Auto Scaling group name (1 to 255 characters without"
                            + " control characters)");
                }
                if (!DIMENSION_VALUE.matcher(asgName).matches()) {
                    throw malformed("pool '" + asgName + "' cannot be the value of the asg_name dimension: CloudWatch takes"
                            + " only ASCII characters, and one such pool would stop every pool's metrics; rename the Auto"
                            + " Scaling group with printable ASCII characters");
                }
                if (value != JsonToken.VALUE_STRING) {
                    throw malformed("pool " + asgName + "'s installation id is not a string");
                }
                String label = label(POOLS, parser.getText());
                if (pools.stream().anyMatch(pool -> pool.asgName().equals(asgName))) {
                    throw malformed("pool " + asgName + " is listed twice: give each Auto Scaling group one pool");
                }
                String other = labels.putIfAbsent(label, asgName);
                if (other != null) {
                    throw malformed("pools " + other + " and " + asgName + " both count " + label + " (labels compare"
                            + " case-insensitively): give each pool its own installation id");
                }
                pools.add(new RunnerPool(asgName, label));
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw malformed("it is not " + SHAPE);
            }
        } catch (JsonProcessingException e) {
            throw malformed("it is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw malformed("it cannot be read (" + e.getMessage() + ")");
        }
        if (pools.isEmpty()) {
            throw malformed("it lists no pool");
        }
        if (pools.size() > MAX_POOLS) {
            throw malformed("it lists " + pools.size() + " pools, more than the " + MAX_POOLS + " one deployment counts"
                    + " (each adds datapoints and names to a state that must stay under 256 KiB); split them over deployments");
        }
        return List.copyOf(pools);
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
