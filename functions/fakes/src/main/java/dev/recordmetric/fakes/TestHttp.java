package dev.recordmetric.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;

/**
 * The tests' HTTP client: the JDK's, for requests to the loopback fakes and endpoints, plain or
 * signed (SigV4, the AWS SDK's own signer) as an AWS client signs them. Thread-safe.
 */
public final class TestHttp {

    public static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Headers the JDK client sets itself, which a request builder refuses. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length");

    private TestHttp() {
    }

    /** A GET as GitHub's REST clients send it, with {@code authorization} unless it is null. */
    public static HttpResponse<String> get(String url, String authorization) {
        return send(request(url, authorization).GET().build());
    }

    /** A POST as GitHub's REST clients send it, with {@code authorization} unless it is null. */
    public static HttpResponse<String> post(String url, String authorization, String body) {
        return send(request(url, authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A request to GitHub's REST API (10 s timeout, its media type), with {@code authorization} unless it is null. */
    public static HttpRequest.Builder request(String url, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/vnd.github+json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    /**
     * A POST of {@code body} to {@code uri} with {@code headers} (name, value, name, value…), signed
     * for {@code service} in {@code region} with {@code credentials}, or unsigned when they are null.
     */
    public static HttpResponse<String> post(URI uri, String body, AwsCredentials credentials, String service, String region,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            copy(request, headers[i], List.of(headers[i + 1]), Set.of());
        }
        if (credentials != null) {
            signV4(request, uri, body, credentials, service, region, headers);
        }
        return send(request.build());
    }

    /**
     * Adds to {@code request} what the AWS SDK's SigV4 signer adds for a POST of {@code body} to
     * {@code uri} (X-Amz-Date, X-Amz-Security-Token for session credentials, Authorization), with
     * Host as the JDK client sends it and {@code signedHeaders} (name, value…, already on the
     * request) signed too.
     */
    public static void signV4(HttpRequest.Builder request, URI uri, String body, AwsCredentials credentials,
            String service, String region, String... signedHeaders) {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Host", uri.getHost() + ":" + uri.getPort());
        Set<String> alreadySet = new HashSet<>();
        for (int i = 0; i < signedHeaders.length; i += 2) {
            unsigned.putHeader(signedHeaders[i], signedHeaders[i + 1]);
            alreadySet.add(signedHeaders[i].toLowerCase(Locale.ROOT));
        }
        AwsV4HttpSigner.create().sign(SignRequest.builder(credentials)
                        .request(unsigned.build())
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .build())
                .request().forEachHeader((name, values) -> copy(request, name, values, alreadySet));
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(HttpRequest.Builder request, String name, List<String> values, Set<String> skipped) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!SET_BY_CLIENT.contains(lower) && !skipped.contains(lower)) {
            values.forEach(value -> request.header(name, value));
        }
    }
}
