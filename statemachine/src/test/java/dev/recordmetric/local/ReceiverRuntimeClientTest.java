package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.MotoProcess;
import dev.recordmetric.jobevents.JobLedger;
import dev.recordmetric.jobevents.JobStatus;
import dev.recordmetric.jobevents.LedgerRetention;
import dev.recordmetric.jobevents.LedgerTableSchema;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * ReceiveJobEvents' deployable jar under AWS's Lambda runtime interface client, as Lambda runs it at
 * the module's default memory, behind a function URL: its no-argument constructor reads the
 * environment, Secrets Manager (FakeAws) and DynamoDB (moto) through the standard endpoint variables.
 */
class ReceiverRuntimeClientTest {

    private static final String SECRET = "runtime-client-secret-3e8a";

    @Test
    void signedDeliveryIsRecorded_unsignedOneRefused_underTheRuntimeClient() throws Exception {
        DynamoDbClient dynamoDb = MotoProcess.shared().client(DynamoDbClient.builder());
        String table = "job-ledger-rt-" + UUID.randomUUID();
        LedgerTableSchema.create(dynamoDb, table);
        try (FakeAws aws = FakeAws.start();
                LambdaInvokeEndpoint endpoint = LambdaInvokeEndpoint.start(FakeAws.REGION, FakeAws.ACCOUNT);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String arn = aws.putSecret("webhook-secret", SECRET);
            endpoint.register("receive-job-events", FunctionPackage.receiveJobEvents(Map.of(
                    "WEBHOOK_SECRET_ARN", arn,
                    "JOB_LEDGER_TABLE", table,
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.endpoint().toString(),
                    "AWS_ENDPOINT_URL_DYNAMODB", MotoProcess.shared().endpoint().toString()), aws.credentials()),
                    new LambdaInvokeEndpoint.FunctionSettings(1024, Duration.ofSeconds(10)));
            try (FunctionUrlServer url = FunctionUrlServer.start(endpoint, "receive-job-events")) {
                byte[] body = WebhookDeliveries.body(77, JobStatus.IN_PROGRESS);

                HttpResponse<String> signed = http.send(WebhookDeliveries.request(url.uri(), "workflow_job", "guid-77", body, SECRET),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> unsigned = http.send(WebhookDeliveries.request(url.uri(), "workflow_job", "guid-78",
                        WebhookDeliveries.body(78, JobStatus.QUEUED), null), HttpResponse.BodyHandlers.ofString());

                assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
                assertThat(signed.headers().firstValue("content-type")).contains("application/json");
                assertThat(signed.body()).isEqualTo("{\"job\":77,\"status\":\"in_progress\",\"outcome\":\"recorded\"}");
                assertThat(unsigned.statusCode()).isEqualTo(401);
                assertThat(Json.MAPPER.readTree(unsigned.body()).path("message").asText()).contains("X-Hub-Signature-256 is missing");

                JobLedger ledger = new JobLedger(dynamoDb, table, LedgerRetention.DEFAULT);
                assertThat(ledger.get(77).orElseThrow().job().runnerName()).isEqualTo("runner-0");
                assertThat(ledger.get(78)).isEmpty();

                List<LambdaInvokeEndpoint.Invocation> invocations = endpoint.invocations("receive-job-events");
                assertThat(invocations).hasSize(2);
                JsonNode rejected = logLine(invocations.get(1));
                assertThat(rejected.path("outcome").asText()).isEqualTo("rejected-signature");
                assertThat(rejected.path("statusCode").asInt()).isEqualTo(401);
                assertThat(logLine(invocations.get(0)).path("outcome").asText()).isEqualTo("recorded");
                assertThat(invocations).allSatisfy(i -> assertThat(String.join("\n", i.logLines()) + String.join("\n", i.consoleLines()))
                        .doesNotContain(SECRET).doesNotContain("runner-0").doesNotContain("sha256="));
            }
        }
    }

    /** The function's one JSON line: with JSON log format the runtime stores it as the event itself. */
    private static JsonNode logLine(LambdaInvokeEndpoint.Invocation invocation) throws Exception {
        List<String> lines = invocation.logLines().stream().filter(l -> l.contains("\"function\":\"ReceiveJobEvents\"")).toList();
        assertThat(lines).hasSize(1);
        return Json.MAPPER.readTree(lines.getFirst());
    }
}
