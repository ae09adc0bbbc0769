package dev.recordmetric.fakes;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Real AWS SDK clients pointed at a {@link FakeAws}, signing with the fake's credentials. */
public final class FakeAwsClients implements AutoCloseable {

    public static final Region REGION = Region.EU_WEST_1;

    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final SecretsManagerClient secretsManager;
    private final KmsClient kms;

    public FakeAwsClients(FakeAws aws) {
        this(aws.endpoint(), aws.credentials());
    }

    /**
     * Clients for the fake of this JVM at {@code endpoint}; for an endpoint where none runs, with
     * made-up credentials that any fake refuses.
     */
    public FakeAwsClients(URI endpoint) {
        this(endpoint, FakeAws.credentialsFor(endpoint).orElseGet(SignatureV4Check::randomCredentials));
    }

    private FakeAwsClients(URI endpoint, AwsSessionCredentials signWith) {
        var credentials = StaticCredentialsProvider.create(signWith);
        secretsManager = SecretsManagerClient.builder().httpClient(http).region(REGION)
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        kms = KmsClient.builder().httpClient(http).region(REGION)
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    public KmsClient kms() {
        return kms;
    }

    @Override
    public void close() {
        secretsManager.close();
        kms.close();
        http.close();
    }
}
