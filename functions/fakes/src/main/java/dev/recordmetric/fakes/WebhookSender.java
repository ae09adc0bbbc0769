package dev.recordmetric.fakes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs a delivery as GitHub's webhook service does ("Webhook events and payloads", Delivery
 * headers): {@code X-GitHub-Event}, {@code X-GitHub-Delivery} (a GUID), {@code X-GitHub-Hook-ID},
 * {@code X-GitHub-Hook-Installation-Target-Type} and {@code -ID}, {@code X-Hub-Signature-256}
 * ({@code sha256=} and the hex HMAC-SHA256 of the body with the hook's secret, "Validating webhook
 * deliveries") and the legacy {@code X-Hub-Signature} (SHA-1), {@code User-Agent: GitHub-Hookshot/...},
 * {@code Content-Type: application/json}. GitHub gives a receiver 10 seconds ("Best practices for
 * using webhooks", Respond within 10 seconds). Thread-safe.
 */
public final class WebhookSender {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The receiver's status code, or 0 when it gave none in time. */
    public record Outcome(int statusCode, Duration took) {
    }

    private WebhookSender() {
    }

    /** {@code sha256=<hex>}: the value of {@code X-Hub-Signature-256} for {@code body} signed with {@code secret}. */
    public static String signature256(byte[] secret, byte[] body) {
        return "sha256=" + hmac("HmacSHA256", secret, body);
    }

    static String signature1(byte[] secret, byte[] body) {
        return "sha1=" + hmac("HmacSHA1", secret, body);
    }

    /** Sends {@code body} to {@code url} with {@code headers} and the signatures. */
    static Outcome post(URI url, Map<String, String> headers, byte[] secret, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/fake")
                .header("X-Hub-Signature", signature1(secret, bytes))
                .header("X-Hub-Signature-256", signature256(secret, bytes));
        headers.forEach(request::header);
        long start = System.nanoTime();
        int status;
        try {
            status = CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        }
        return new Outcome(status, Duration.ofNanos(System.nanoTime() - start));
    }

    private static String hmac(String algorithm, byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm, e);
        }
    }
}
