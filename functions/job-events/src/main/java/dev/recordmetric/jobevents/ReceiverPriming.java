package dev.recordmetric.jobevents;

import dev.recordmetric.common.AwsClients;
import dev.recordmetric.common.Environment;
import dev.recordmetric.common.InvocationLog;
import dev.recordmetric.common.JsonStreams;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * At init, one made-up signed delivery through the whole receiver on offline clients (AwsClients.offline:
 * canned answers, no network, no real secret): the first real delivery finds the event parsing, the
 * HMAC, the payload parsing, the item marshalling and the SDK's PutItem path loaded. GitHub waits
 * 10 s for an answer, a cold start included.
 */
final class ReceiverPriming {

    private static final byte[] SECRET = "priming".getBytes(StandardCharsets.UTF_8);
    private static final String BODY = "{\"action\":\"queued\",\"workflow_job\":{\"id\":1,\"run_id\":1,\"run_attempt\":1,"
            + "\"workflow_name\":\"priming\",\"name\":\"priming\",\"head_branch\":\"main\",\"status\":\"queued\",\"labels\":[\"priming\"],"
            + "\"created_at\":\"2026-01-01T00:00:00Z\",\"started_at\":null,\"completed_at\":null,\"conclusion\":null,"
            + "\"runner_id\":null,\"runner_name\":null,\"runner_group_id\":null,\"runner_group_name\":null},"
            + "\"repository\":{\"full_name\":\"priming/priming\"},\"installation\":{\"id\":1}}";

    private ReceiverPriming() {
    }

    /** Never fails the init: priming is an optimisation. */
    static void prime(Environment env) {
        try (SecretsManagerClient secrets = AwsClients.offline(SecretsManagerClient.builder(), env, "{\"SecretString\":\"priming\"}");
                DynamoDbClient dynamoDb = AwsClients.offline(DynamoDbClient.builder(), env, "{}")) {
            var receiver = new JobEventsReceiver(
                    new WebhookSecret(secrets, "arn:aws:secretsmanager:us-east-1:000000000000:secret:priming", Clock.systemUTC()),
                    new JobLedger(dynamoDb, "priming", LedgerRetention.DEFAULT), Clock.systemUTC());
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            ObjectNode event = JsonStreams.objectNode().put("version", "2.0");
            event.putObject("requestContext").putObject("http").put("method", "POST");
            event.putObject("headers")
                    .put("content-type", "application/json")
                    .put("x-github-event", "workflow_job")
                    .put("x-github-delivery", "priming")
                    .put(WebhookSignature.HEADER, WebhookSignature.sign(SECRET, body));
            event.put("body", BODY).put("isBase64Encoded", false);
            FunctionUrlRequest request = FunctionUrlRequest.read(
                    new ByteArrayInputStream(JsonStreams.writeString(event).getBytes(StandardCharsets.UTF_8)));
            receiver.receive(request, new InvocationLog("priming")).response().write(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            // The first delivery loads what priming did not.
        }
    }
}
