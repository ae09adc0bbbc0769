package dev.recordmetric.common;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Configures AWS SDK clients the same way everywhere: the lightweight URL-connection HTTP client,
 * an explicit region, and on Lambda the environment credentials (no provider-chain probing at cold
 * start). Endpoint overrides come from the SDK's standard {@code AWS_ENDPOINT_URL_*} variables.
 */
public final class AwsClients {

    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(3))
            .socketTimeout(Duration.ofSeconds(10))
            .build();

    private AwsClients() {
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Environment env) {
        return builder
                .httpClient(HTTP)
                .region(Region.of(env.required("AWS_REGION")))
                .credentialsProvider(credentials(env))
                .build();
    }

    private static AwsCredentialsProvider credentials(Environment env) {
        return env.optional("AWS_LAMBDA_FUNCTION_NAME").isPresent()
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
    }
}
