package dev.recordmetric.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.recordmetric.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudWatch in the protocol moto 5.2.1 speaks (e2e/README.md, "Stand-ins"). The AWS SDK for
 * Java 2.x calls CloudWatch in Smithy RPC v2 CBOR ({@code POST /service/GraniteServiceVersion20100801/operation/OP},
 * CBOR bodies), which moto's CloudWatch does not serve (404); it serves the same operations in
 * the AWS JSON 1.0 protocol ({@code POST /}, {@code X-Amz-Target: GraniteServiceVersion20100801.OP}).
 * The request's CBOR becomes JSON and the answer's JSON CBOR, value for value (timestamps are epoch
 * seconds in both). Only the Java clients of the test and of {@code record-metric up} use this:
 * the deployed state machine's PutMetricData comes from moto's own interpreter (boto3, JSON).
 */
final class CloudWatchCborStandIn {

    private static final Pattern OPERATION = Pattern.compile("^/service/(GraniteServiceVersion20100801)/operation/([A-Za-z]+)$");
    private static final CBORMapper CBOR = new CBORMapper();

    /** The answer, through {@code moto}, if {@code request} is a CBOR call to CloudWatch. */
    Optional<AwsProxy.Reply> answer(AwsProxy.Request request, Function<AwsProxy.Request, AwsProxy.Reply> moto) {
        Matcher operation = OPERATION.matcher(request.path());
        if (!request.method().equals("POST") || !operation.matches()) {
            return Optional.empty();
        }
        try {
            JsonNode parameters = request.body().length == 0 ? Json.MAPPER.createObjectNode() : CBOR.readTree(request.body());
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(request.headers());
            headers.remove("smithy-protocol");
            headers.remove("Accept");
            headers.put("Content-Type", List.of("application/x-amz-json-1.0"));
            headers.put("X-Amz-Target", List.of(operation.group(1) + "." + operation.group(2)));
            AwsProxy.Reply json = moto.apply(new AwsProxy.Request("POST", "/", null, headers, Json.MAPPER.writeValueAsBytes(parameters)));
            Map<String, List<String>> replyHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            replyHeaders.putAll(json.headers());
            replyHeaders.put("Content-Type", List.of("application/cbor"));
            replyHeaders.put("smithy-protocol", List.of("rpc-v2-cbor"));
            JsonNode answer = json.json().orElseGet(Json.MAPPER::createObjectNode);
            return Optional.of(new AwsProxy.Reply(json.status(), replyHeaders, CBOR.writeValueAsBytes(answer)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot translate CloudWatch " + operation.group(2) + " between CBOR and JSON", e);
        }
    }
}
