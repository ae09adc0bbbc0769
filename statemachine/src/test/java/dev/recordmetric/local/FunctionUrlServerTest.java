package dev.recordmetric.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.fakes.FakeAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP requests in, payload 2.0 events to the function, its answers out, as "Invoking Lambda function URLs" describes. */
class FunctionUrlServerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LambdaInvokeEndpoint endpoint = LambdaInvokeEndpoint.start(FakeAws.REGION, FakeAws.ACCOUNT);
    private final AtomicReference<JsonNode> received = new AtomicReference<>();
    private FunctionUrlServer url;

    @AfterEach
    void stop() {
        if (url != null) {
            url.close();
        }
        endpoint.close();
    }

    /** A function that keeps its event and answers {@code answer}. */
    private URI serve(String answer) {
        RequestStreamHandler handler = (input, output, context) -> {
            received.set(Json.MAPPER.readTree(input));
            output.write(answer.getBytes(StandardCharsets.UTF_8));
        };
        endpoint.register("fn", handler);
        url = FunctionUrlServer.start(endpoint, "fn");
        return url.uri();
    }

    private static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void request_becomesAPayload20Event() {
        URI base = serve("{\"statusCode\":204}");

        var response = send(HttpRequest.newBuilder(base.resolve("/hooks/github?a=1&a=2&b=x%20y"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "workflow_job")
                .header("X-Multi", "one")
                .header("X-Multi", "two")
                .header("Cookie", "c1=v1; c2=v2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"zen\":\"ok\"}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(204);
        JsonNode event = received.get();
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("$default");
        assertThat(event.path("rawPath").asText()).isEqualTo("/hooks/github");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("a=1&a=2&b=x%20y");
        assertThat(event.path("queryStringParameters").toString()).isEqualTo("{\"a\":\"1,2\",\"b\":\"x y\"}");
        assertThat(event.path("headers").path("x-github-event").asText()).isEqualTo("workflow_job");
        assertThat(event.path("headers").path("content-type").asText()).isEqualTo("application/json");
        assertThat(event.path("headers").path("x-multi").asText()).isEqualTo("one,two");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("cookies").toString()).isEqualTo("[\"c1=v1\",\"c2=v2\"]");
        assertThat(event.path("headers").properties()).allSatisfy(h -> assertThat(h.getKey()).isLowerCase());
        JsonNode http = event.path("requestContext").path("http");
        assertThat(http.path("method").asText()).isEqualTo("POST");
        assertThat(http.path("path").asText()).isEqualTo("/hooks/github");
        assertThat(http.path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("requestContext").path("domainName").asText()).endsWith(".lambda-url.eu-west-1.on.aws");
        assertThat(event.path("body").asText()).isEqualTo("{\"zen\":\"ok\"}");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void binaryBody_isBase64Encoded() {
        URI base = serve("{\"statusCode\":200}");
        byte[] bytes = {0, (byte) 0xff, 1, (byte) 0x80};

        send(HttpRequest.newBuilder(base).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());

        assertThat(received.get().path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(received.get().path("body").asText())).isEqualTo(bytes);
    }

    @Test
    void response_statusHeadersCookiesAndBase64Body_becomeTheHttpResponse() {
        String body = Base64.getEncoder().encodeToString("short and stout".getBytes(StandardCharsets.UTF_8));
        URI base = serve("{\"statusCode\":418,\"headers\":{\"x-teapot\":\"yes\",\"content-type\":\"text/plain\"},"
                + "\"cookies\":[\"k=v; Path=/\"],\"body\":\"" + body + "\",\"isBase64Encoded\":true}");

        var response = send(HttpRequest.newBuilder(base).GET().build());

        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.headers().firstValue("x-teapot")).contains("yes");
        assertThat(response.headers().firstValue("content-type")).contains("text/plain");
        assertThat(response.headers().firstValue("set-cookie")).contains("k=v; Path=/");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("short and stout");
        assertThat(received.get().path("requestContext").path("http").path("method").asText()).isEqualTo("GET");
        assertThat(received.get().has("body")).isFalse();
    }

    @Test
    void jsonAnswerWithoutStatusCode_isA200OfThatJson() {
        URI base = serve("{\"message\":\"hi\"}");

        var response = send(HttpRequest.newBuilder(base).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"hi\"}");
    }

    @Test
    void functionError_isA502() {
        endpoint.register("fn", (input, output, context) -> {
            throw new IllegalStateException("boom");
        });
        url = FunctionUrlServer.start(endpoint, "fn");

        var response = send(HttpRequest.newBuilder(url.uri()).GET().build());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("boom");
    }

    @Test
    void requestAboveLambdasPayloadLimit_is413_withoutInvoking() {
        URI base = serve("{\"statusCode\":200}");

        var response = send(HttpRequest.newBuilder(base).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[FunctionUrlServer.MAX_REQUEST_BYTES + 1])).build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(received.get()).isNull();
        assertThat(endpoint.invocations()).isEmpty();
    }

    @Test
    void eachRequestIsOneInvocation() {
        URI base = serve("{\"statusCode\":200}");
        for (int i = 0; i < 3; i++) {
            send(HttpRequest.newBuilder(base).GET().build());
        }
        assertThat(endpoint.invocations("fn")).hasSize(3);
    }
}
