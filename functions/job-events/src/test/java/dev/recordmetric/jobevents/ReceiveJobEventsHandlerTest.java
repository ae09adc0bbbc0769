package dev.recordmetric.jobevents;

import static dev.recordmetric.jobevents.FunctionUrlEvents.event;
import static dev.recordmetric.jobevents.FunctionUrlEvents.githubHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.MotoProcess;
import dev.recordmetric.fakes.RecordingLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The receiver's answers in the README's order, against moto's DynamoDB and FakeAws's Secrets Manager. */
class ReceiveJobEventsHandlerTest {

    private static final String SECRET = "It's a Secret to Everybody 7f3a9c";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook-AbCdEf";
    /** In every delivery body (the workflow name): must never appear in a log line or an answer. */
    private static final String BODY_MARKER = "body-marker-5d1e0b";

    private final FakeAws aws = FakeAws.start();
    private final FakeAwsClients clients = new FakeAwsClients(aws);
    private final String table = LedgerTables.create();
    private final JobLedger ledger = new JobLedger(LedgerTables.dynamoDb(), table, LedgerRetention.DEFAULT);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<String> logLines = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();
    private final List<String> signatures = new ArrayList<>();
    private ReceiveJobEventsHandler handler = handler(LedgerTables.dynamoDb());

    ReceiveJobEventsHandlerTest() {
        aws.putSecret(SECRET_ARN, SECRET);
    }

    private ReceiveJobEventsHandler handler(DynamoDbClient dynamoDb) {
        return new ReceiveJobEventsHandler(new ReceiverConfig(SECRET_ARN, table, LedgerRetention.DEFAULT),
                clients.secretsManager(), dynamoDb, clock);
    }

    @AfterEach
    void neverLeaksTheSecretTheSignatureOrTheBody() {
        try {
            List<String> everything = new ArrayList<>(logLines);
            everything.addAll(answers);
            assertThat(everything).noneMatch(line -> line.contains(SECRET))
                    .noneMatch(line -> line.contains(BODY_MARKER))
                    .noneMatch(line -> signatures.stream().anyMatch(s -> line.contains(s.substring("sha256=".length()))));
        } finally {
            clients.close();
            aws.close();
        }
    }

    static byte[] body(long jobId, JobStatus status) {
        ObjectNode payload = WorkflowJobPayloads.json(jobId, status);
        ((ObjectNode) payload.get("workflow_job")).put("workflow_name", BODY_MARKER);
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> signedHeaders(String event, String delivery, byte[] body) {
        Map<String, String> headers = githubHeaders(event, delivery, SECRET.getBytes(StandardCharsets.UTF_8), body);
        signatures.add(headers.get("x-hub-signature-256"));
        return headers;
    }

    private FunctionUrlEvents.Answer deliver(String method, Map<String, String> headers, byte[] body) {
        return invoke(event(method, headers, body));
    }

    private FunctionUrlEvents.Answer invoke(byte[] event) {
        RecordingLambdaContext context = new RecordingLambdaContext("receive-job-events", 10_000);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), output, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        logLines.addAll(context.logLines());
        assertThat(context.logLines()).as("one log line per delivery").hasSize(1);
        answers.add(output.toString(StandardCharsets.UTF_8));
        return FunctionUrlEvents.Answer.read(output.toByteArray());
    }

    private JsonNode lastLogLine() {
        try {
            return Json.MAPPER.readTree(logLines.getLast());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void signedDelivery_isRecorded_andAnswered200() {
        byte[] body = body(41, JobStatus.QUEUED);

        var answer = deliver("POST", signedHeaders("workflow_job", "guid-41", body), body);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().path("content-type").asText()).isEqualTo("application/json");
        assertThat(answer.body().toString()).isEqualTo("{\"job\":41,\"status\":\"queued\",\"outcome\":\"recorded\"}");
        LedgerEntry entry = ledger.get(41).orElseThrow();
        assertThat(entry.job().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(entry.lastDelivery()).isEqualTo("guid-41");
        assertThat(entry.lastAction()).isEqualTo("queued");
        assertThat(entry.recordedAt()).isEqualTo(clock.instant());
        JsonNode log = lastLogLine();
        assertThat(log.path("function").asText()).isEqualTo("ReceiveJobEvents");
        assertThat(log.path("event").asText()).isEqualTo("workflow_job");
        assertThat(log.path("action").asText()).isEqualTo("queued");
        assertThat(log.path("job").asLong()).isEqualTo(41);
        assertThat(log.path("delivery").asText()).isEqualTo("guid-41");
        assertThat(log.path("outcome").asText()).isEqualTo("recorded");
        assertThat(log.path("statusCode").asInt()).isEqualTo(200);
        assertThat(log.has("durationMs")).isTrue();
    }

    @Test
    void duplicateAndLateDeliveries_areAnsweredUnchanged() {
        byte[] progress = body(42, JobStatus.IN_PROGRESS);
        byte[] queued = body(42, JobStatus.QUEUED);
        deliver("POST", signedHeaders("workflow_job", "p", progress), progress);

        var duplicate = deliver("POST", signedHeaders("workflow_job", "p", progress), progress);
        var late = deliver("POST", signedHeaders("workflow_job", "q", queued), queued);

        assertThat(duplicate.body().path("outcome").asText()).isEqualTo("unchanged");
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(late.body().path("outcome").asText()).isEqualTo("unchanged");
        assertThat(lastLogLine().path("outcome").asText()).isEqualTo("unchanged");
        assertThat(ledger.get(42).orElseThrow().lastDelivery()).isEqualTo("p");
    }

    @Test
    void base64EncodedBody_isVerifiedOnItsDecodedBytes() {
        byte[] body = body(43, JobStatus.QUEUED);

        var answer = invoke(event("POST", signedHeaders("workflow_job", "b64", body), body, true));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(ledger.get(43)).isPresent();
    }

    @Test
    void wrongSecret_is401_andNothingIsStored() {
        byte[] body = body(44, JobStatus.QUEUED);
        Map<String, String> headers = githubHeaders("workflow_job", "w", "another secret".getBytes(StandardCharsets.UTF_8), body);
        signatures.add(headers.get("x-hub-signature-256"));

        var answer = deliver("POST", headers, body);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.message()).contains("does not match the body").contains("WEBHOOK_SECRET_ARN");
        assertThat(ledger.get(44)).isEmpty();
        assertThat(lastLogLine().path("outcome").asText()).isEqualTo("rejected-signature");
        assertThat(lastLogLine().has("job")).as("nothing of the body parsed").isFalse();
    }

    @Test
    void missingSignature_is401() {
        byte[] body = body(45, JobStatus.QUEUED);
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders("workflow_job", "m", body));
        headers.remove("x-hub-signature-256");

        var answer = deliver("POST", headers, body);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.message()).contains("X-Hub-Signature-256 is missing");
        assertThat(ledger.get(45)).isEmpty();
    }

    @Test
    void onlyTheSha1Signature_is401() {
        byte[] body = body(46, JobStatus.QUEUED);
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders("workflow_job", "s", body));
        headers.remove("x-hub-signature-256");
        headers.put("x-hub-signature", "sha1=" + HexFormat.of().formatHex(new byte[20]));

        var answer = deliver("POST", headers, body);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.message()).contains("only the SHA-1 X-Hub-Signature");
        assertThat(ledger.get(46)).isEmpty();
    }

    @Test
    void bodyAlteredByOneByte_is401_andNothingIsStored() {
        byte[] body = body(47, JobStatus.QUEUED);
        Map<String, String> headers = signedHeaders("workflow_job", "a", body);
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("\"id\":47", "\"id\":48").getBytes(StandardCharsets.UTF_8);
        assertThat(altered).hasSameSizeAs(body).isNotEqualTo(body);

        var answer = deliver("POST", headers, altered);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(ledger.get(47)).isEmpty();
        assertThat(ledger.get(48)).isEmpty();
    }

    @Test
    void malformedSignature_is401() {
        byte[] body = body(49, JobStatus.QUEUED);
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders("workflow_job", "x", body));
        headers.put("x-hub-signature-256", "sha256=zz");

        assertThat(deliver("POST", headers, body).statusCode()).isEqualTo(401);
        assertThat(ledger.get(49)).isEmpty();
    }

    @Test
    void ping_isAnswered200_onlyWhenSigned() {
        byte[] body = "{\"zen\":\"Design for failure.\",\"hook_id\":12345}".getBytes(StandardCharsets.UTF_8);

        assertThat(deliver("POST", signedHeaders("ping", "ping-1", body), body).statusCode()).isEqualTo(200);
        assertThat(lastLogLine().path("outcome").asText()).isEqualTo("ping");

        Map<String, String> unsigned = new java.util.HashMap<>(signedHeaders("ping", "ping-2", body));
        unsigned.remove("x-hub-signature-256");
        assertThat(deliver("POST", unsigned, body).statusCode()).isEqualTo(401);
    }

    @Test
    void otherEvents_areAnswered202_andNothingIsStored() {
        byte[] body = body(50, JobStatus.QUEUED);

        var answer = deliver("POST", signedHeaders("workflow_run", "o", body), body);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.message()).contains("only workflow_job");
        assertThat(ledger.get(50)).isEmpty();
    }

    @Test
    void oversizeBody_is413_beforeAnySignatureWork() {
        byte[] body = new byte[JobEventsReceiver.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');

        var answer = deliver("POST", signedHeaders("workflow_job", "big", body), body);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(aws.requestCount(FakeAws.GET_SECRET_VALUE)).isZero();
    }

    @Test
    void wrongMethod_is405() {
        var answer = deliver("GET", Map.of("user-agent", "curl/8"), new byte[0]);

        assertThat(answer.statusCode()).isEqualTo(405);
        assertThat(lastLogLine().path("outcome").asText()).isEqualTo("wrong-method");
    }

    @Test
    void formEncodedContent_is415_namingTheWebhookSetting() {
        byte[] body = ("payload=" + java.net.URLEncoder.encode(new String(body(51, JobStatus.QUEUED), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders("workflow_job", "f", body));
        headers.put("content-type", "application/x-www-form-urlencoded");

        var answer = deliver("POST", headers, body);

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(answer.message()).contains("Content type: application/json");
        assertThat(ledger.get(51)).isEmpty();
    }

    @Test
    void malformedJson_is400() {
        byte[] body = ("{\"action\":\"queued\",\"workflow_job\":{\"workflow_name\":\"" + BODY_MARKER + "\"")
                .getBytes(StandardCharsets.UTF_8);

        var answer = deliver("POST", signedHeaders("workflow_job", "bad", body), body);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.message()).isEqualTo("malformed workflow_job payload: the body is not JSON");
    }

    @Test
    void payloadWithoutAJobId_is400_namingTheField() {
        ObjectNode payload = (ObjectNode) Json.MAPPER.valueToTree(WorkflowJobPayloads.json(52, JobStatus.QUEUED));
        ((ObjectNode) payload.get("workflow_job")).remove("id");
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);

        var answer = deliver("POST", signedHeaders("workflow_job", "noid", body), body);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.message()).contains("workflow_job.id is missing");
    }

    @Test
    void dynamoDbDown_is500_andLogged() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbClient unreachable = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(MotoProcess.REGION).credentialsProvider(MotoProcess.CREDENTIALS)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build()) {
            handler = handler(unreachable);
            byte[] body = body(53, JobStatus.QUEUED);

            var answer = deliver("POST", signedHeaders("workflow_job", "down", body), body);

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.message()).contains("redelivery repairs it");
            assertThat(lastLogLine().path("outcome").asText()).isEqualTo("failed");
            assertThat(lastLogLine().path("level").asText()).isEqualTo("ERROR");
            assertThat(lastLogLine().path("job").asLong()).isEqualTo(53);
        }
    }

    @Test
    void secretUnreadable_is500_namingTheSecret() {
        aws.denyGetSecretValue(true);
        byte[] body = body(54, JobStatus.QUEUED);

        var answer = deliver("POST", signedHeaders("workflow_job", "sec", body), body);

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(lastLogLine().path("outcome").asText()).isEqualTo("secret-unavailable");
        assertThat(lastLogLine().path("errorMessage").asText()).contains(SECRET_ARN).contains("secretsmanager:GetSecretValue");
        assertThat(ledger.get(54)).isEmpty();
    }

    @Test
    void mismatches_rereadTheSecretAtMostEveryFiveMinutes_soARotationIsPickedUp() {
        byte[] body = body(55, JobStatus.QUEUED);
        Map<String, String> forged = githubHeaders("workflow_job", "forged", "forged".getBytes(StandardCharsets.UTF_8), body);
        signatures.add(forged.get("x-hub-signature-256"));
        for (int i = 0; i < 20; i++) {
            assertThat(deliver("POST", forged, body).statusCode()).isEqualTo(401);
        }
        assertThat(aws.requestCount(FakeAws.GET_SECRET_VALUE)).as("the first read, just done: no re-read").isEqualTo(1);

        String rotated = "rotated secret 0c1d";
        aws.putSecret(SECRET_ARN, rotated);
        Map<String, String> signedWithRotated = githubHeaders("workflow_job", "rot", rotated.getBytes(StandardCharsets.UTF_8), body);
        signatures.add(signedWithRotated.get("x-hub-signature-256"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(deliver("POST", signedWithRotated, body).statusCode()).isEqualTo(401);
        assertThat(aws.requestCount(FakeAws.GET_SECRET_VALUE)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(deliver("POST", signedWithRotated, body).statusCode()).isEqualTo(200);
        assertThat(aws.requestCount(FakeAws.GET_SECRET_VALUE)).isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            assertThat(deliver("POST", forged, body).statusCode()).isEqualTo(401);
        }
        assertThat(aws.requestCount(FakeAws.GET_SECRET_VALUE)).isEqualTo(2);
        assertThat(logLines).noneMatch(line -> line.contains(rotated));
    }

    @Test
    void notAFunctionUrlEvent_is400() {
        var answer = invoke("{\"executionArn\":\"x\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.message()).contains("not a function URL event");
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
