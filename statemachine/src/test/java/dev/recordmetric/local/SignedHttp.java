package dev.recordmetric.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;

/** POSTs with the JDK client, signed (SigV4, the SDK's signer) as an AWS client signs them. */
final class SignedHttp implements AutoCloseable {

    /** Headers the JDK client sets itself, which a request builder refuses. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length");

    private final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> post(URI uri, String body, AwsCredentials credentials, String region, String... headers) {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Host", uri.getHost() + ":" + uri.getPort());
        for (int i = 0; i < headers.length; i += 2) {
            unsigned.putHeader(headers[i], headers[i + 1]);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        if (credentials == null) {
            unsigned.build().forEachHeader((name, values) -> copy(request, name, values));
        } else {
            AwsV4HttpSigner.create().sign(SignRequest.builder(credentials)
                            .request(unsigned.build())
                            .payload(ContentStreamProvider.fromUtf8String(body))
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                            .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                            .build())
                    .request().forEachHeader((name, values) -> copy(request, name, values));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(HttpRequest.Builder request, String name, java.util.List<String> values) {
        if (!SET_BY_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            values.forEach(value -> request.header(name, value));
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
