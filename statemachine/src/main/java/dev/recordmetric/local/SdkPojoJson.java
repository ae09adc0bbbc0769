package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Reads Step Functions task parameters into an AWS SDK v2 model object, strictly, through the
 * model's own field descriptions ({@link SdkPojo#sdkFields()}): member names are the API's
 * PascalCase names and must match exactly; an unknown or mis-cased member, or a value of the wrong
 * JSON type, is an error naming its path. Timestamps are ISO-8601 strings with an offset.
 */
public final class SdkPojoJson {

    private SdkPojoJson() {}

    /**
     * Fills {@code builder} (e.g. {@code PutMetricDataRequest.builder()}) from {@code json} and
     * builds it.
     *
     * @throws InvalidParametersException naming the first offending member
     */
    public static <T> T read(SdkBuilder<?, T> builder, JsonNode json) {
        if (!(builder instanceof SdkPojo pojo)) {
            throw new IllegalArgumentException(builder.getClass() + " is not an SDK model builder");
        }
        fill(pojo, json, "");
        return builder.build();
    }

    private static void fill(SdkPojo builder, JsonNode json, String path) {
        if (!json.isObject()) {
            throw new InvalidParametersException(describe(path) + " must be an object, found " + kind(json));
        }
        Map<String, SdkField<?>> fields = new LinkedHashMap<>();
        for (SdkField<?> field : builder.sdkFields()) {
            fields.put(field.memberName(), field);
        }
        for (Map.Entry<String, JsonNode> member : json.properties()) {
            String name = member.getKey();
            String memberPath = path.isEmpty() ? name : path + "." + name;
            SdkField<?> field = fields.get(name);
            if (field == null) {
                throw new InvalidParametersException(
                        "The field '" + memberPath + "' is not supported by Step Functions: "
                                + describe(path) + " has the members " + new TreeSet<>(fields.keySet()));
            }
            if (member.getValue().isNull()) {
                continue;
            }
            field.set(builder, value(field, member.getValue(), memberPath));
        }
    }

    private static Object value(SdkField<?> field, JsonNode json, String path) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            requireType(json.isTextual(), path, "a string", json);
            return json.asText();
        }
        if (type == MarshallingType.DOUBLE) {
            requireType(json.isNumber(), path, "a number", json);
            return json.asDouble();
        }
        if (type == MarshallingType.FLOAT) {
            requireType(json.isNumber(), path, "a number", json);
            return (float) json.asDouble();
        }
        if (type == MarshallingType.INTEGER) {
            requireType(json.isIntegralNumber() && json.canConvertToInt(), path, "an integer", json);
            return json.asInt();
        }
        if (type == MarshallingType.LONG) {
            requireType(json.isIntegralNumber() && json.canConvertToLong(), path, "an integer", json);
            return json.asLong();
        }
        if (type == MarshallingType.BOOLEAN) {
            requireType(json.isBoolean(), path, "a boolean", json);
            return json.asBoolean();
        }
        if (type == MarshallingType.INSTANT) {
            requireType(json.isTextual(), path, "an ISO-8601 timestamp string", json);
            return instant(json.asText(), path);
        }
        if (type == MarshallingType.SDK_POJO) {
            Supplier<SdkPojo> constructor = field.constructor();
            SdkPojo nested = constructor.get();
            fill(nested, json, path);
            return ((SdkBuilder<?, ?>) nested).build();
        }
        if (type == MarshallingType.LIST) {
            requireType(json.isArray(), path, "an array", json);
            SdkField<?> memberField = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < json.size(); i++) {
                JsonNode item = json.get(i);
                String itemPath = path + "[" + i + "]";
                if (item.isNull()) {
                    throw new InvalidParametersException(describe(itemPath) + " must not be null");
                }
                items.add(value(memberField, item, itemPath));
            }
            return items;
        }
        throw new InvalidParametersException(describe(path) + " has a type this harness does not convert: " + type);
    }

    private static Instant instant(String text, String path) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidParametersException(
                    describe(path) + " must be an ISO-8601 timestamp with an offset (e.g. 2026-11-27T03:20:07Z), found '" + text + "'");
        }
    }

    private static void requireType(boolean ok, String path, String expected, JsonNode found) {
        if (!ok) {
            throw new InvalidParametersException(describe(path) + " must be " + expected + ", found " + kind(found) + " " + found);
        }
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the parameters" : "'" + path + "'";
    }

    private static String kind(JsonNode json) {
        return json.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** The parameters do not fit the model. */
    public static final class InvalidParametersException extends IllegalArgumentException {
        InvalidParametersException(String message) {
            super(message);
        }
    }
}
