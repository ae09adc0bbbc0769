package dev.recordmetric.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.recordmetric.common.Json;
import dev.recordmetric.jobevents.JobLedger;
import dev.recordmetric.jobevents.LedgerJob;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;

/**
 * A stand-in webhook receiver for the repair state machine's scenarios: writes each delivery by the
 * ledger's one write rule at {@code clock}'s time (set in the past, the jobs are stale for
 * reconciliation at once). The signature checks are ReceiveJobEvents' own tests'.
 */
final class LedgerWritingReceiver implements AutoCloseable {

    private final HttpServer server;

    LedgerWritingReceiver(JobLedger ledger, Clock clock) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                JsonNode payload = Json.MAPPER.readTree(body);
                ledger.record(LedgerJob.fromWebhook(body), exchange.getRequestHeaders().getFirst("X-GitHub-Delivery"),
                        payload.path("action").asText(), clock.instant());
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
