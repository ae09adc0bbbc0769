package dev.recordmetric.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One AWS API request that passed through the {@link AwsProxy}, as it was received.
 *
 * @param accessKeyId who signed it: the access key id in its SigV4 {@code Authorization} header
 *     (empty when unsigned)
 * @param service the signing name in the credential scope ({@code lambda}, {@code kms}, ...)
 * @param operation the API operation ({@code Encrypt}, {@code PutMetricData}, ...), or
 *     {@code METHOD /path} for a REST API other than Lambda's invocations
 * @param parameters the request's JSON (or form) parameters, when they are small; null otherwise
 * @param status the HTTP status answered
 */
public record AwsCall(Instant at, String accessKeyId, String service, String operation, JsonNode parameters, int status) {

    /** A string parameter, e.g. {@code SecretId}. */
    public Optional<String> parameter(String name) {
        return parameters == null || !parameters.hasNonNull(name) ? Optional.empty() : Optional.of(parameters.get(name).asText());
    }
}
