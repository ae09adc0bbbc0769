package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.deployment.LocalDeployment;
import dev.recordmetric.local.FunctionUrlServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code up}'s check of the deployed webhook receiver: a webhook secret put into the secret the
 * example created (as its README tells a user to), then, through the receiver's function URL
 * (served here: moto serves none), one {@code workflow_job} delivery signed as GitHub signs it
 * ("Validating webhook deliveries": {@code X-Hub-Signature-256}, HMAC-SHA256 of the body) and one
 * unsigned; the ledger table in moto's DynamoDB is then read for both jobs.
 */
final class ReceiverExercise {

    /** What happened: each delivery's HTTP status and body, and whether the table holds each job. */
    record Outcome(int signedStatus, String signedBody, String signedItemStatus, int unsignedStatus, String unsignedBody,
            boolean unsignedStored, String table, URI url) {

        boolean asExpected() {
            return signedStatus == 200 && "queued".equals(signedItemStatus) && unsignedStatus == 401 && !unsignedStored;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ReceiverExercise() {
    }

    static Outcome run(LocalDeployment deployment, SecretsManagerClient secrets, DynamoDbClient dynamoDb, String webhookSecretArn,
            String receiverFunction, String table) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        secrets.putSecretValue(r -> r.secretId(webhookSecretArn).secretString(secret));
        long signedJob = 29_100_000_000L + new SecureRandom().nextInt(1_000_000);
        long unsignedJob = signedJob + 1;
        try (FunctionUrlServer url = deployment.functions().functionUrl(receiverFunction);
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            byte[] signedBody = payload(signedJob);
            HttpResponse<String> signed = post(http, url.uri(), signedBody, "sha256=" + hmac(secret, signedBody));
            HttpResponse<String> unsigned = post(http, url.uri(), payload(unsignedJob), null);
            Map<String, AttributeValue> signedItem = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("job#" + signedJob)))).item();
            Map<String, AttributeValue> unsignedItem = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("job#" + unsignedJob)))).item();
            return new Outcome(signed.statusCode(), signed.body(),
                    signedItem == null || signedItem.isEmpty() ? null : signedItem.get("status").s(),
                    unsigned.statusCode(), unsigned.body(), unsignedItem != null && !unsignedItem.isEmpty(), table, url.uri());
        }
    }

    private static HttpResponse<String> post(HttpClient http, URI url, byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/record-metric-up")
                .header("X-GitHub-Event", "workflow_job")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException("the receiver's function URL did not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while delivering to the receiver");
        }
    }

    /** A {@code workflow_job} delivery of a queued job, with the fields GitHub sends ("Webhook events and payloads"). */
    static byte[] payload(long jobId) {
        ObjectNode payload = Json.MAPPER.createObjectNode().put("action", "queued");
        ObjectNode job = payload.putObject("workflow_job");
        job.put("id", jobId).put("run_id", jobId / 10).put("run_attempt", 1).put("workflow_name", "CI").put("name", "build")
                .put("head_branch", "main").put("status", "queued");
        job.putNull("conclusion");
        job.put("created_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        job.putNull("started_at");
        job.putNull("completed_at");
        job.putArray("labels").add("self-hosted").add("Linux").add("X64").add("installation_id:" + SimulatedOrganization.INSTALLATION_ID);
        job.putNull("runner_id");
        job.putNull("runner_name");
        job.putNull("runner_group_id");
        job.putNull("runner_group_name");
        payload.putObject("repository").put("id", 700_000_001L).put("full_name", SimulatedOrganization.REPOSITORY);
        payload.putObject("organization").put("login", SimulatedOrganization.ORGANIZATION);
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
