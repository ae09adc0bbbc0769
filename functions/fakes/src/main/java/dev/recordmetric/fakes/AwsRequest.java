package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One AWS JSON 1.1 call as {@link FakeAws} received it.
 *
 * @param target  the {@code X-Amz-Target}, e.g. {@code TrentService.Decrypt}
 * @param body    the parsed JSON body (an empty object when absent or unparseable)
 * @param headers the request headers; names are case-insensitive
 */
public record AwsRequest(String target, JsonNode body, Map<String, List<String>> headers) {
}
