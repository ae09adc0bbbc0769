package dev.recordmetric.common;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Configures AWS SDK clients the same way everywhere: the lightweight URL-connection HTTP client,
 * an explicit region, and on Lambda the two places Lambda puts the role's credentials (no probing
 * of profiles or instance metadata at cold start). Endpoint overrides come from the SDK's standard
 * {@code AWS_ENDPOINT_URL_*} variables.
 *
 * <p>Every call is bounded: {@link #API_CALL_TIMEOUT} in all (the SDK's retries included),
 * {@link #API_CALL_ATTEMPT_TIMEOUT} an attempt, both below the tasks' {@code TimeoutSeconds}; a
 * handler narrows them further to the time its invocation has left with {@link #within}. A
 * timeout is an {@code SdkClientException}, which {@link AwsErrors} names transient.
 */
public final class AwsClients {

    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    private AwsClients() {
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Environment env) {
        return configure(builder, env).httpClient(Http.CLIENT).build();
    }

    /**
     * A client of the same kind, region and configuration that never touches the network: every
     * request is answered HTTP 200 with {@code cannedBody} by the SDK's canned-response HTTP client,
     * and signed with made-up credentials. Calling it once runs the SDK's request path (endpoint
     * rules, signing, marshalling, the JSON protocol) so that the real client's first call finds
     * those classes loaded. Close it after use.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C offline(B builder, Environment env,
            String cannedBody) {
        return builder
                .httpClient(CannedResponseHttpClient.builder()
                        .statusCode(200)
                        .responseBody(cannedBody.getBytes(StandardCharsets.UTF_8))
                        .build())
                .region(Region.of(env.required("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPRIMING", "priming")))
                .build();
    }

    /**
     * For the calls on an {@link #offline} client: no timeouts. Nothing waits on a network there, and
     * at Lambda's smallest CPU shares the first call alone, which loads the SDK's request path, can
     * take longer than {@link #API_CALL_TIMEOUT} (measured: a priming unseal at the 256 MB share under
     * the runtime client timed out and failed the init).
     */
    public static final AwsRequestOverrideConfiguration OFFLINE_CALL = AwsRequestOverrideConfiguration.builder().build();

    /**
     * A request's own timeouts: at most {@code left} in all and for each attempt (and never more
     * than the clients' defaults).
     */
    public static AwsRequestOverrideConfiguration within(Duration left) {
        Duration call = left.compareTo(API_CALL_TIMEOUT) < 0 ? left : API_CALL_TIMEOUT;
        Duration attempt = call.compareTo(API_CALL_ATTEMPT_TIMEOUT) < 0 ? call : API_CALL_ATTEMPT_TIMEOUT;
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(call).apiCallAttemptTimeout(attempt).build();
    }

    /** Region, credentials and timeouts. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, Environment env) {
        return builder
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                        .build())
                .region(Region.of(env.required("AWS_REGION")))
                .credentialsProvider(credentials(env));
    }

    /**
     * On Lambda, the role's credentials from the environment variables, or, with SnapStart, from the
     * container credentials endpoint: a SnapStart function gets {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}
     * and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} instead of {@code AWS_ACCESS_KEY_ID}
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials).
     * Nothing is resolved here: the chain reads them at the first signed request, which with SnapStart
     * comes after the restore, so no credentials are ever in a snapshot. A failure to get any is a
     * {@link CredentialsUnavailableException}.
     */
    static AwsCredentialsProvider credentials(Environment env) {
        AwsCredentialsProvider chain = env.optional("AWS_LAMBDA_FUNCTION_NAME").isPresent()
                ? AwsCredentialsProviderChain.builder()
                        .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                                ContainerCredentialsProvider.builder().build())
                        .build()
                : DefaultCredentialsProvider.builder().build();
        return namingFailures(chain);
    }

    /** {@code provider}, with a failure to find credentials thrown as {@link CredentialsUnavailableException}. */
    static AwsCredentialsProvider namingFailures(AwsCredentialsProvider provider) {
        return new NamingFailures(provider);
    }

    /** An SDK failure to find credentials: the function's configuration, not a passing fault. */
    static final class CredentialsUnavailableException extends SdkClientException {

        private static final long serialVersionUID = 1L;

        CredentialsUnavailableException(SdkClientException cause) {
            super(SdkClientException.builder().message(cause.getMessage()).cause(cause));
        }
    }

    private record NamingFailures(AwsCredentialsProvider delegate) implements AwsCredentialsProvider {

        @Override
        public AwsCredentials resolveCredentials() {
            try {
                return delegate.resolveCredentials();
            } catch (SdkClientException e) {
                throw new CredentialsUnavailableException(e);
            }
        }
    }

    /** Built on first use, shared by the clients of an instance: its TLS set-up is the slow part. */
    private static final class Http {

        static final SdkHttpClient CLIENT = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .build();
    }
}
