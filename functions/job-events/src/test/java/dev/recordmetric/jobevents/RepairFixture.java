package dev.recordmetric.jobevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.recordmetric.common.Json;
import dev.recordmetric.common.TokenSeal;
import dev.recordmetric.fakes.FakeAws;
import dev.recordmetric.fakes.FakeAwsClients;
import dev.recordmetric.fakes.FakeGitHub;
import dev.recordmetric.fakes.MutableClock;
import dev.recordmetric.fakes.RecordingLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The repairs' test world: a fake GitHub whose organization {@code acme} has jobs and a webhook, a
 * loopback receiver that writes each delivery to a moto ledger table by the one write rule (a
 * stand-in for ReceiveJobEvents, whose signature checks are its own tests'), KMS for the sealed
 * token, and the handler invoked as the state machine invokes it.
 */
final class RepairFixture implements AutoCloseable {

    static final String PAT = "ghp_repairsTestPat0123456789abcdefABCDE";
    static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:repair-job-ledger:run-1";
    static final long HOOK_ID = 4711;
    static final byte[] SECRET = "repairs-secret".getBytes(StandardCharsets.UTF_8);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    final FakeGitHub github = FakeGitHub.start().clock(clock).acceptToken(PAT, "admin:org_hook", "repo");
    final FakeAws aws = FakeAws.start();
    final FakeAwsClients clients = new FakeAwsClients(aws.endpoint());
    final String keyArn = aws.createKey();
    final String table = LedgerTables.create();
    final JobLedger ledger = new JobLedger(LedgerTables.dynamoDb(), table, LedgerRetention.DEFAULT);
    final AtomicInteger received = new AtomicInteger();
    final RecordingLambdaContext context = new RecordingLambdaContext();
    private final HttpServer receiver;

    RepairFixture() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                JsonNode payload = Json.MAPPER.readTree(body);
                ledger.record(LedgerJob.fromWebhook(body), exchange.getRequestHeaders().getFirst("X-GitHub-Delivery"),
                        payload.path("action").asText(), clock.instant());
                received.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
    }

    URI receiverUrl() {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/");
    }

    Map<String, String> env(String hook) {
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_ORG", "acme");
        env.put("GITHUB_API_URL", github.baseUrl());
        env.put("TOKEN_KMS_KEY_ID", keyArn);
        env.put("JOB_LEDGER_TABLE", table);
        env.put("WEBHOOK_HOOK", hook);
        return env;
    }

    RepairJobLedgerHandler handler(Map<String, String> env) {
        return new RepairJobLedgerHandler(env, clients.kms(), LedgerTables.dynamoDb(), clock);
    }

    /** Invokes {@code handler} as the state machine does, with {@code token} (and {@code appJwt} when not null) sealed for the run. */
    JsonNode invoke(RepairJobLedgerHandler handler, String repair, String token, String appJwt, JsonNode redelivery)
            throws IOException {
        TokenSeal seal = new TokenSeal(clients.kms(), keyArn);
        ObjectNode input = Json.MAPPER.createObjectNode()
                .put("repair", repair)
                .put("executionArn", EXECUTION)
                .put("stateMachineName", "repair-job-ledger")
                .put("sealedToken", seal.seal(token, EXECUTION));
        input.putObject("budget").put("executionStartTime", clock.instant().toString()).put("attemptSeconds", 20)
                .put("endBySecond", 55).put("rateLimitWaits", 0);
        if (appJwt != null) {
            input.put("sealedAppJwt", seal.seal(appJwt, EXECUTION));
        }
        if (redelivery != null) {
            input.set("redelivery", redelivery);
        }
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)), out, context);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    @Override
    public void close() {
        receiver.stop(0);
        clients.close();
        aws.close();
        github.close();
    }
}
