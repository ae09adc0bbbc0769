package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** An AWS JSON 1.1 error answer; thrown inside {@link FakeAws} and turned into a reply. */
final class AwsError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;

    AwsError(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    static AwsError badRequest(String type, String message) {
        return new AwsError(400, type, message);
    }

    Reply reply() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("__type", type);
        if (getMessage() != null) {
            body.put("message", getMessage());
        }
        return FakeAws.reply(status, body.toString()).withHeader("x-amzn-ErrorType", type);
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }
}
