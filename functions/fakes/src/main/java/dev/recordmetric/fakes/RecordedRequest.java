package dev.recordmetric.fakes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a fake received it.
 *
 * @param method  the HTTP method, e.g. {@code GET}
 * @param path    the raw path as sent, e.g. {@code /api/v3/orgs/acme/actions/runners}
 * @param query   the raw query string without {@code ?}, empty when there is none
 * @param headers the request headers; names are case-insensitive
 * @param body    the request body as UTF-8 text, empty when there is none
 * @param receivedAt when the fake had read the request (the system clock, not the fake's {@code clock})
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, String body,
        Instant receivedAt) {

    /** The first value of the named header (case-insensitive), if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The first value of the named query parameter, URL-decoded, if present. */
    public Optional<String> queryParameter(String name) {
        if (query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return Optional.of(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
