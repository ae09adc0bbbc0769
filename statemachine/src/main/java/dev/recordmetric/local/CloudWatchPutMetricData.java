package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Serves {@code arn:aws:states:::aws-sdk:cloudwatch:putMetricData} locally. The task's parameters
 * are read strictly into a {@link PutMetricDataRequest} (unknown, mis-cased or mistyped members
 * fail the task with {@code States.Runtime}, as Step Functions does), then checked as CloudWatch
 * checks them (failing with {@code CloudWatch.InvalidParameterValueException},
 * {@code CloudWatch.MissingRequiredParameterException} or
 * {@code CloudWatch.InvalidParameterCombinationException}), then recorded, and, if a client was
 * given, published to the real CloudWatch.
 *
 * <p>Thread-safe.
 */
public final class CloudWatchPutMetricData implements AwsSdkIntegration {

    /** The resource this integration serves. */
    public static final String RESOURCE = "arn:aws:states:::aws-sdk:cloudwatch:putMetricData";

    private static final Duration MAX_AGE = Duration.ofDays(14);
    private static final Duration MAX_AHEAD = Duration.ofHours(2);

    private final Clock clock;
    private final CloudWatchClient publishTo;
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    private record Recorded(String executionArn, PutMetricDataRequest request) {}

    /** Records only. */
    public CloudWatchPutMetricData(Clock clock) {
        this(clock, null);
    }

    /** Records, and publishes each accepted request through {@code publishTo} (null: record only). */
    public CloudWatchPutMetricData(Clock clock, CloudWatchClient publishTo) {
        this.clock = clock;
        this.publishTo = publishTo;
    }

    /** One published value, flattened for printing and assertions. */
    public record Datapoint(
            String namespace, String metricName, Map<String, String> dimensions, Instant timestamp, Double value, String unit) {}

    @Override
    public JsonNode invoke(JsonNode parameters, String executionArn) throws TaskFailedException {
        PutMetricDataRequest request = toRequest(parameters);
        check(request, clock.instant());
        if (publishTo != null) {
            publish(request);
        }
        recorded.add(new Recorded(executionArn, request));
        return Json.MAPPER.createObjectNode();
    }

    /**
     * The request these task parameters make, read strictly through the SDK's model.
     *
     * @throws TaskFailedException {@code States.Runtime} naming the offending member
     */
    public static PutMetricDataRequest toRequest(JsonNode parameters) throws TaskFailedException {
        try {
            return SdkPojoJson.read(PutMetricDataRequest.builder(), parameters);
        } catch (SdkPojoJson.InvalidParametersException e) {
            throw new TaskFailedException(
                    "States.Runtime", "An error occurred while executing the state's aws-sdk:cloudwatch:putMetricData task: " + e.getMessage());
        }
    }

    /** CloudWatch's own checks on a PutMetricData request, at time {@code now}. */
    static void check(PutMetricDataRequest request, Instant now) throws TaskFailedException {
        String namespace = request.namespace();
        if (namespace == null) {
            throw missing("Namespace");
        }
        if (namespace.isEmpty() || namespace.length() > 255 || namespace.startsWith("AWS/") || namespace.startsWith(":")) {
            throw invalid("The value " + namespace + " for parameter Namespace is invalid.");
        }
        if (!request.hasMetricData() || request.metricData().isEmpty()) {
            throw missing("MetricData");
        }
        if (request.metricData().size() > 1000) {
            throw invalid("The collection MetricData must not have a size greater than 1000.");
        }
        for (int i = 0; i < request.metricData().size(); i++) {
            MetricDatum datum = request.metricData().get(i);
            String member = "MetricData.member." + (i + 1);
            if (datum.metricName() == null) {
                throw missing(member + ".MetricName");
            }
            if (datum.metricName().isEmpty() || datum.metricName().length() > 255) {
                throw invalid("The value " + datum.metricName() + " for parameter " + member + ".MetricName is invalid.");
            }
            if (datum.unitAsString() != null && datum.unit() == StandardUnit.UNKNOWN_TO_SDK_VERSION) {
                throw invalid("The value " + datum.unitAsString() + " for parameter " + member + ".Unit is invalid.");
            }
            if (datum.hasDimensions()) {
                if (datum.dimensions().size() > 30) {
                    throw invalid("The collection " + member + ".Dimensions must not have a size greater than 30.");
                }
                for (int d = 0; d < datum.dimensions().size(); d++) {
                    Dimension dimension = datum.dimensions().get(d);
                    String dimensionMember = member + ".Dimensions.member." + (d + 1);
                    if (dimension.name() == null) {
                        throw missing(dimensionMember + ".Name");
                    }
                    if (dimension.value() == null) {
                        throw missing(dimensionMember + ".Value");
                    }
                    if (dimension.name().isEmpty() || dimension.name().length() > 255) {
                        throw invalid("The value " + dimension.name() + " for parameter " + dimensionMember + ".Name is invalid.");
                    }
                    if (dimension.value().isEmpty() || dimension.value().length() > 1024) {
                        throw invalid("The value " + dimension.value() + " for parameter " + dimensionMember + ".Value is invalid.");
                    }
                }
            }
            boolean single = datum.value() != null;
            boolean many = datum.hasValues() || datum.statisticValues() != null;
            if (single && many) {
                throw new TaskFailedException(
                        "CloudWatch.InvalidParameterCombinationException",
                        "The parameters " + member + ".Value and " + member + ".Values/StatisticValues are mutually exclusive.");
            }
            if (!single && !many) {
                throw missing(member + ".Value");
            }
            if (single && !Double.isFinite(datum.value())) {
                throw invalid("The value " + datum.value() + " for parameter " + member + ".Value is invalid.");
            }
            if (datum.storageResolution() != null && datum.storageResolution() != 1 && datum.storageResolution() != 60) {
                throw invalid("The value " + datum.storageResolution() + " for parameter " + member + ".StorageResolution is invalid.");
            }
            Instant timestamp = datum.timestamp();
            if (timestamp != null) {
                if (timestamp.getNano() % 1000 != 0) {
                    throw invalid("The parameter " + member + ".Timestamp has more than 6 fractional digits: " + timestamp);
                }
                if (timestamp.isBefore(now.minus(MAX_AGE))) {
                    throw invalid("The parameter " + member + ".Timestamp must specify a time no more than two weeks in the past.");
                }
                if (timestamp.isAfter(now.plus(MAX_AHEAD))) {
                    throw invalid("The parameter " + member + ".Timestamp must specify a time no more than two hours in the future.");
                }
            }
        }
    }

    private static TaskFailedException missing(String parameter) {
        return new TaskFailedException(
                "CloudWatch.MissingRequiredParameterException", "The parameter " + parameter + " is required.");
    }

    private static TaskFailedException invalid(String message) {
        return new TaskFailedException("CloudWatch.InvalidParameterValueException", message);
    }

    private void publish(PutMetricDataRequest request) throws TaskFailedException {
        try {
            publishTo.putMetricData(request);
        } catch (CloudWatchException e) {
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            throw new TaskFailedException("CloudWatch." + e.getClass().getSimpleName(), message);
        } catch (SdkClientException e) {
            throw new TaskFailedException("CloudWatch.SdkClientException", e.getMessage());
        }
    }

    /** The accepted requests, in order. */
    public List<PutMetricDataRequest> requests() {
        return recorded.stream().map(Recorded::request).toList();
    }

    /** The requests accepted from the execution {@code executionArn}, in order. */
    public List<PutMetricDataRequest> requests(String executionArn) {
        return recorded.stream().filter(r -> r.executionArn().equals(executionArn)).map(Recorded::request).toList();
    }

    /** The accepted datapoints, in order. */
    public List<Datapoint> datapoints() {
        return flatten(requests());
    }

    /** The datapoints accepted from the execution {@code executionArn}, in order. */
    public List<Datapoint> datapoints(String executionArn) {
        return flatten(requests(executionArn));
    }

    private static List<Datapoint> flatten(List<PutMetricDataRequest> requests) {
        return requests.stream()
                .flatMap(r -> r.metricData().stream().map(d -> datapoint(r.namespace(), d)))
                .toList();
    }

    private static Datapoint datapoint(String namespace, MetricDatum datum) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        datum.dimensions().forEach(d -> dimensions.put(d.name(), d.value()));
        return new Datapoint(
                namespace, datum.metricName(), Collections.unmodifiableMap(dimensions), datum.timestamp(), datum.value(),
                datum.unitAsString());
    }

    /** Forgets the recorded requests. */
    public void clear() {
        recorded.clear();
    }
}
