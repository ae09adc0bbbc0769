package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's AttributeValues as they travel in the JSON protocol ({@code {"S": "..."}}, {@code {"N": "..."}},
 * ...), compared as DynamoDB compares them (API reference, "Comparison operator and function reference"):
 * numbers by value, strings and binaries by their bytes, only values of the same type.
 */
final class DynamoDbValues {

    private DynamoDbValues() {
    }

    /** The value's type descriptor: {@code S}, {@code N}, {@code B}, {@code BOOL}, {@code NULL}, {@code L}, {@code M}, {@code SS}, ... */
    static String type(JsonNode value) {
        Iterator<String> names = value.fieldNames();
        if (!value.isObject() || !names.hasNext()) {
            throw DynamoDbError.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        String type = names.next();
        if (names.hasNext()) {
            throw DynamoDbError.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        return type;
    }

    /** DynamoDB's equality ({@code =}): same type and same value; numbers by value, sets regardless of order. */
    static boolean equal(JsonNode a, JsonNode b) {
        String type = type(a);
        if (!type.equals(type(b))) {
            return false;
        }
        JsonNode x = a.get(type);
        JsonNode y = b.get(type);
        return switch (type) {
            case "N" -> number(x).compareTo(number(y)) == 0;
            case "SS", "BS" -> textSet(x).equals(textSet(y));
            case "NS" -> numberSet(x).equals(numberSet(y));
            case "L" -> {
                if (x.size() != y.size()) {
                    yield false;
                }
                for (int i = 0; i < x.size(); i++) {
                    if (!equal(x.get(i), y.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            case "M" -> {
                if (x.size() != y.size()) {
                    yield false;
                }
                for (Map.Entry<String, JsonNode> entry : x.properties()) {
                    JsonNode other = y.get(entry.getKey());
                    if (other == null || !equal(entry.getValue(), other)) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> x.equals(y);
        };
    }

    /**
     * The order of two scalars of one orderable type (N, S, B); null when they cannot be ordered
     * (different types, or a type without an order), which makes {@code <} and friends false.
     */
    static Integer order(JsonNode a, JsonNode b) {
        String type = type(a);
        if (!type.equals(type(b))) {
            return null;
        }
        return switch (type) {
            case "N" -> number(a.get("N")).compareTo(number(b.get("N")));
            case "S" -> compareBytes(a.get("S").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    b.get("S").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case "B" -> compareBytes(java.util.Base64.getDecoder().decode(a.get("B").asText()),
                    java.util.Base64.getDecoder().decode(b.get("B").asText()));
            default -> null;
        };
    }

    /** An order over key values of one type, as DynamoDB sorts a range key. */
    static final Comparator<JsonNode> KEY_ORDER = (a, b) -> {
        Integer order = order(a, b);
        return order != null ? order : type(a).compareTo(type(b));
    };

    static BigDecimal number(JsonNode text) {
        try {
            return new BigDecimal(text.asText());
        } catch (NumberFormatException e) {
            throw DynamoDbError.validation("A value provided cannot be converted into a number");
        }
    }

    private static Set<String> textSet(JsonNode array) {
        Set<String> set = new HashSet<>();
        array.forEach(element -> set.add(element.asText()));
        return set;
    }

    private static Set<BigDecimal> numberSet(JsonNode array) {
        Set<BigDecimal> set = new HashSet<>();
        array.forEach(element -> set.add(number(element).stripTrailingZeros()));
        return set;
    }

    private static int compareBytes(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
