package dev.recordmetric.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.recordmetric.common.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * The AWS SDK for Java's CloudWatch client (Smithy RPC v2 CBOR) against a stand-in for moto that,
 * like moto 5.2.1, serves CloudWatch only in AWS JSON 1.0.
 */
class CloudWatchCborStandInTest {

    private record Received(String path, String target, String contentType, JsonNode body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer moto;
    private AwsProxy proxy;
    private LambdaStandIn lambda;
    private CloudWatchClient cloudWatch;

    @BeforeEach
    void start() throws Exception {
        moto = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        moto.createContext("/", exchange -> {
            try (exchange) {
                received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), Json.MAPPER.readTree(exchange.getRequestBody())));
                byte[] body = ("{\"MetricDataResults\": [{\"Id\": \"m\", \"Label\": \"BusyRunners Maximum\", \"Timestamps\": [1795000007],"
                        + " \"Values\": [3.0], \"StatusCode\": \"Complete\"}]}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        moto.start();
        lambda = new LambdaStandIn();
        proxy = AwsProxy.start(new StepFunctionsStandIn(definition -> List.of()), lambda);
        proxy.forwardTo(URI.create("http://127.0.0.1:" + moto.getAddress().getPort()));
        cloudWatch = CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(proxy.uri())
                .region(Region.US_WEST_2).credentialsProvider(LocalDeployment.CREDENTIALS).build();
    }

    @AfterEach
    void stop() {
        cloudWatch.close();
        proxy.close();
        lambda.close();
        moto.stop(0);
    }

    @Test
    void getMetricData_inCbor_reachesMotoAsJson_andItsJsonAnswerReachesTheSdkAsCbor() {
        Instant start = Instant.ofEpochSecond(1_795_000_000);

        List<MetricDataResult> results = cloudWatch.getMetricData(r -> r.startTime(start).endTime(start.plusSeconds(30))
                .metricDataQueries(q -> q.id("m").metricStat(s -> s.period(1).stat("Maximum").unit("Count")
                        .metric(m -> m.namespace("GitHubRunners").metricName("BusyRunners").dimensions(d -> d.name("asg_name").value("g"))))))
                .metricDataResults();

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.values()).containsExactly(3.0);
            assertThat(result.timestamps()).containsExactly(Instant.ofEpochSecond(1_795_000_007));
        });
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/");
            assertThat(request.target()).isEqualTo("GraniteServiceVersion20100801.GetMetricData");
            assertThat(request.contentType()).isEqualTo("application/x-amz-json-1.0");
            assertThat(request.body().path("StartTime").asLong()).isEqualTo(1_795_000_000L);
            assertThat(request.body().at("/MetricDataQueries/0/MetricStat/Metric/MetricName").asText()).isEqualTo("BusyRunners");
        });
        assertThat(proxy.calls()).singleElement().satisfies(call -> {
            assertThat(call.operation()).isEqualTo("GetMetricData");
            assertThat(call.service()).isEqualTo("monitoring");
        });
    }
}
