package dev.recordmetric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A wire-level fake of CloudWatch's PutMetricData as the AWS SDK 2.57 speaks it: Smithy RPC v2
 * CBOR, {@code POST /service/GraniteServiceVersion20100801/operation/PutMetricData}.
 */
final class FakeCloudWatch implements AutoCloseable {

    static final String PUT_METRIC_DATA = "/service/GraniteServiceVersion20100801/operation/PutMetricData";
    private static final byte[] EMPTY_CBOR_MAP = {(byte) 0xa0};

    private final CBORMapper cbor = new CBORMapper();
    private final List<JsonNode> putMetricData = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeCloudWatch() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::serve);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The PutMetricData requests received, decoded from CBOR. */
    List<JsonNode> putMetricData() {
        return List.copyOf(putMetricData);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean signed = exchange.getRequestHeaders().getFirst("Authorization") != null;
            if (!PUT_METRIC_DATA.equals(exchange.getRequestURI().getPath()) || !signed) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            putMetricData.add(cbor.readTree(body));
            exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
            exchange.getResponseHeaders().set("Content-Type", "application/cbor");
            exchange.sendResponseHeaders(200, EMPTY_CBOR_MAP.length);
            exchange.getResponseBody().write(EMPTY_CBOR_MAP);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
