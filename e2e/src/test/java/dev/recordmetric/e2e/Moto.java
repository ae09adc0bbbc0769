package dev.recordmetric.e2e;

import dev.recordmetric.deployment.LocalDeployment;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** AWS SDK clients of the deployment's endpoint (the proxy in front of moto). */
final class Moto {

    private Moto() {
    }

    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, LocalDeployment deployment) {
        return builder.httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .endpointOverride(deployment.endpoint())
                .region(Region.of(LocalDeployment.REGION))
                .credentialsProvider(LocalDeployment.CREDENTIALS)
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(1)).build())
                .build();
    }
}
