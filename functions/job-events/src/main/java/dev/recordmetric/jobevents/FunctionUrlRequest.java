package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.JsonStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the receiver reads of a Lambda function URL event, payload format 2.0 (AWS Lambda Developer
 * Guide, "Invoking Lambda function URLs", request payload): {@code requestContext.http.method},
 * {@code headers} (names lower-cased, repeated headers joined with commas), and {@code body}, a string
 * that is the body's base64 when {@code isBase64Encoded} is true.
 *
 * @param body the raw body bytes, decoded: what GitHub signed
 */
public record FunctionUrlRequest(String method, Map<String, String> headers, byte[] body) {

    public FunctionUrlRequest {
        Map<String, String> lowerCased = new HashMap<>();
        headers.forEach((name, value) -> lowerCased.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lowerCased);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The event read from a function's input.
     *
     * @throws MalformedPayloadException when the input is not a function URL event (never quoting it)
     */
    public static FunctionUrlRequest read(InputStream input) throws IOException {
        JsonNode event;
        try {
            event = JsonStreams.readTree(input);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedPayloadException("the invocation is not JSON, so not a function URL event");
        }
        if (event == null || !event.isObject()) {
            throw new MalformedPayloadException("the invocation is not a JSON object, so not a function URL event");
        }
        JsonNode method = event.path("requestContext").path("http").path("method");
        if (!method.isTextual()) {
            throw new MalformedPayloadException("the invocation has no requestContext.http.method:"
                    + " it is not a function URL event (payload format 2.0)");
        }
        Map<String, String> headers = new HashMap<>();
        event.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
        JsonNode body = event.get("body");
        byte[] bytes;
        if (body == null || body.isNull()) {
            bytes = new byte[0];
        } else if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                bytes = Base64.getDecoder().decode(body.asText());
            } catch (IllegalArgumentException e) {
                throw new MalformedPayloadException("the event's body is marked base64 but is not");
            }
        } else {
            bytes = body.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new FunctionUrlRequest(method.asText(), headers, bytes);
    }
}
