package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Function URL events (payload format 2.0) as Lambda builds them from GitHub's requests, and their answers read back. */
final class FunctionUrlEvents {

    private FunctionUrlEvents() {
    }

    /** GitHub's headers for a delivery of {@code event}, signed with {@code secret}. */
    static Map<String, String> githubHeaders(String event, String delivery, byte[] secret, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "GitHub-Hookshot/044aadd");
        headers.put("x-github-event", event);
        headers.put("x-github-delivery", delivery);
        headers.put("x-github-hook-id", "12345");
        headers.put("x-hub-signature-256", WebhookSignature.sign(secret, body));
        return headers;
    }

    static byte[] event(String method, Map<String, String> headers, byte[] body, boolean base64) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "2.0").put("routeKey", "$default").put("rawPath", "/").put("rawQueryString", "");
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        ObjectNode http = event.putObject("requestContext").put("accountId", "anonymous").put("requestId", "r-1")
                .putObject("http");
        http.put("method", method).put("path", "/").put("protocol", "HTTP/1.1").put("sourceIp", "140.82.115.1");
        event.put("body", base64 ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", base64);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] event(String method, Map<String, String> headers, byte[] body) {
        return event(method, headers, body, false);
    }

    /** The answer's {@code statusCode}, {@code headers} and {@code body} (parsed). */
    record Answer(int statusCode, JsonNode headers, JsonNode body, String raw) {
        static Answer read(byte[] output) {
            try {
                JsonNode response = Json.MAPPER.readTree(output);
                return new Answer(response.path("statusCode").asInt(), response.path("headers"),
                        Json.MAPPER.readTree(response.path("body").asText()), new String(output, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String message() {
            return body.path("message").asText();
        }
    }
}
