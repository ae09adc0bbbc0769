package dev.recordmetric.fakes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fake answers to one request; {@code resetConnection} drops the connection instead.
 *
 * @param trickle how long the body takes to send, a few bytes at a time ({@link Duration#ZERO}: at once)
 */
public record Reply(int status, Map<String, String> headers, byte[] body, boolean resetConnection, Duration trickle) {

    public Reply(int status, Map<String, String> headers, byte[] body, boolean resetConnection) {
        this(status, headers, body, resetConnection, Duration.ZERO);
    }

    public static Reply json(int status, String json) {
        return of(status, "application/json; charset=utf-8", json);
    }

    /** {@code body} as UTF-8 text of {@code contentType}. */
    public static Reply of(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8), false);
    }

    static Reply connectionReset() {
        return new Reply(0, Map.of(), new byte[0], true);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, copy, body, resetConnection, trickle);
    }

    Reply withBody(byte[] newBody) {
        return new Reply(status, headers, newBody, resetConnection, trickle);
    }

    Reply trickled(Duration over) {
        return new Reply(status, headers, body, resetConnection, over);
    }
}
