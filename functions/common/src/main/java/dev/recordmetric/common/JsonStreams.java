package dev.recordmetric.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.util.Map;

/**
 * JSON trees read and written with jackson-core's streaming API alone, for the functions' every-run
 * path: building an {@code ObjectMapper} ({@link Json#MAPPER}) costs a cold start hundreds of
 * milliseconds, and the handlers only need small trees of objects, arrays, strings, numbers,
 * booleans and nulls. The output is byte for byte what the mapper writes. Thread-safe.
 */
public final class JsonStreams {

    /** The one streaming factory (no codec): parsers and generators for the every-run path. */
    public static final JsonFactory FACTORY = new JsonFactory();

    private JsonStreams() {
    }

    /** An empty object node, without an {@code ObjectMapper}. */
    public static ObjectNode objectNode() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Reads one JSON value.
     *
     * @return the value, or {@code null} when the input holds none (empty or blank)
     * @throws IOException when the input is not JSON (a {@code JsonProcessingException}) or cannot be read
     */
    public static JsonNode readTree(InputStream input) throws IOException {
        try (JsonParser parser = FACTORY.createParser(input)) {
            JsonToken first = parser.nextToken();
            return first == null ? null : read(parser);
        }
    }

    /** Writes {@code node} compactly to {@code output} and closes it, as {@code ObjectMapper.writeValue} does. */
    public static void write(JsonNode node, OutputStream output) throws IOException {
        try (JsonGenerator generator = FACTORY.createGenerator(output)) {
            write(node, generator);
        }
    }

    /** {@code node} as compact JSON text. */
    public static String writeString(JsonNode node) {
        var text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            write(node, generator);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render JSON into a string", e);
        }
        return text.toString();
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, read(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new IllegalStateException("unexpected JSON token " + parser.currentToken());
        };
    }

    private static void write(JsonNode node, JsonGenerator generator) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    generator.writeFieldName(field.getKey());
                    write(field.getValue(), generator);
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(element, generator);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case DOUBLE -> generator.writeNumber(node.doubleValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL -> generator.writeNull();
            default -> throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " node");
        }
    }
}
