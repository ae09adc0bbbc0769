package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.JsonStreams;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A function URL response, payload format 2.0 ("Invoking Lambda function URLs", response payload):
 * {@code {statusCode, headers, body}}; the body here is always a small JSON object.
 */
public record FunctionUrlResponse(int statusCode, ObjectNode body) {

    public static FunctionUrlResponse json(int statusCode, ObjectNode body) {
        return new FunctionUrlResponse(statusCode, body);
    }

    /** {@code {"message": message}}: a refusal naming the problem and its fix. */
    public static FunctionUrlResponse message(int statusCode, String message) {
        return new FunctionUrlResponse(statusCode, JsonStreams.objectNode().put("message", message));
    }

    public ObjectNode toEvent() {
        ObjectNode event = JsonStreams.objectNode().put("statusCode", statusCode);
        event.putObject("headers").put("content-type", "application/json");
        event.put("body", JsonStreams.writeString(body));
        event.put("isBase64Encoded", false);
        return event;
    }

    public void write(OutputStream output) throws IOException {
        JsonStreams.write(toEvent(), output);
    }
}
