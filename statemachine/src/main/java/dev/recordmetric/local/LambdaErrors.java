package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The error documents Lambda answers an invocation with when the function did not answer itself. */
final class LambdaErrors {

    /** Lambda's synchronous invocation payload limit, for requests and responses. */
    static final int MAX_PAYLOAD_BYTES = 6_291_556;

    private LambdaErrors() {}

    static byte[] document(String message, String type, List<String> stackTrace) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("errorMessage", message);
        body.put("errorType", type);
        if (stackTrace != null) {
            ArrayNode trace = body.putArray("stackTrace");
            stackTrace.forEach(trace::add);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] timedOut(String requestId, Duration timeout) {
        return document("RequestId: " + requestId + " Error: Task timed out after "
                + String.format(Locale.ROOT, "%.2f", timeout.toMillis() / 1000.0) + " seconds", "Sandbox.Timedout", List.of());
    }

    /** As the Lambda runtime (rapid) says it: "Runtime exited with error: exit status 1". */
    static byte[] exited(String requestId, int status) {
        return document("RequestId: " + requestId + " Error: Runtime exited with error: exit status " + status,
                "Runtime.ExitError", null);
    }

    static byte[] responseTooLarge() {
        return document("Response payload size exceeded maximum allowed payload size (" + MAX_PAYLOAD_BYTES + " bytes).",
                "Function.ResponseSizeTooLarge", List.of());
    }

    /** The {@code errorType} of an error document, or {@code fallback} when it has none. */
    static String errorType(byte[] document, String fallback) {
        try {
            JsonNode node = Json.STRICT.readTree(document);
            String type = node == null ? null : node.path("errorType").asText(null);
            return type == null || type.isBlank() ? fallback : type;
        } catch (IOException e) {
            return fallback;
        }
    }
}
