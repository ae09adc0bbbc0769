package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DynamoDB error answer: HTTP 400 with {@code {"__type": "com.amazonaws.dynamodb.v20120810#<Code>", "message": ...}}
 * in the JSON 1.0 protocol (API reference, "Common Errors" and each operation's "Errors").
 */
final class DynamoDbError extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final String NAMESPACE = "com.amazonaws.dynamodb.v20120810#";

    private final String code;
    /** The item that failed a condition, for {@code ReturnValuesOnConditionCheckFailure: ALL_OLD}. */
    private final transient ObjectNode item;

    private DynamoDbError(String code, String message, ObjectNode item) {
        super(message);
        this.code = code;
        this.item = item;
    }

    static DynamoDbError validation(String message) {
        return new DynamoDbError("ValidationException", message, null);
    }

    static DynamoDbError resourceNotFound() {
        return new DynamoDbError("ResourceNotFoundException", "Requested resource not found", null);
    }

    static DynamoDbError resourceInUse(String message) {
        return new DynamoDbError("ResourceInUseException", message, null);
    }

    static DynamoDbError unknownOperation() {
        return new DynamoDbError("UnknownOperationException", null, null);
    }

    static DynamoDbError conditionalCheckFailed(ObjectNode oldItem) {
        return new DynamoDbError("ConditionalCheckFailedException", "The conditional request failed", oldItem);
    }

    String code() {
        return code;
    }

    Reply reply() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("__type", NAMESPACE + code);
        if (getMessage() != null) {
            body.put("message", getMessage());
        }
        if (item != null) {
            body.set("Item", item);
        }
        return FakeDynamoDb.reply(400, body.toString());
    }

    static Map<String, String> headers(byte[] body) {
        var crc = new java.util.zip.CRC32();
        crc.update(body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", FakeDynamoDb.CONTENT_TYPE);
        headers.put("x-amzn-RequestId", AwsError.requestId());
        // DynamoDB sends the body's CRC32; the SDK checks it when present.
        headers.put("x-amz-crc32", Long.toString(crc.getValue()));
        return headers;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
