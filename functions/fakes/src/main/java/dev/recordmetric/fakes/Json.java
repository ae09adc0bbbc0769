package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fakes' JSON mapper. Not common's {@code Json.MAPPER}: common's tests use the fakes, so the
 * fakes cannot depend on common. Its configuration differs in nothing the fakes use (they read
 * trees and maps, never bind classes, where unknown properties would matter).
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A JSON object's members as strings, in order; empty for anything but an object. */
    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        }
        return map;
    }
}
