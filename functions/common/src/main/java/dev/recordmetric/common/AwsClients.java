package dev.recordmetric.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
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
     * Nothing is resolved here: they are read at the first signed request, which with SnapStart
     * comes after the restore, so no credentials are ever in a snapshot. A failure to get any is a
     * {@link CredentialsUnavailableException}, or, when the endpoint failed on the way (I/O, a timeout,
     * a 5xx), a {@link CredentialsEndpointFailedException}.
     */
    static AwsCredentialsProvider credentials(Environment env) {
        AwsCredentialsProvider provider = env.optional("AWS_LAMBDA_FUNCTION_NAME").isPresent()
                ? new LambdaRoleCredentials(EnvironmentVariableCredentialsProvider.create(),
                        ContainerCredentialsProvider.builder().build())
                : DefaultCredentialsProvider.builder().build();
        return namingFailures(provider);
    }

    /** {@code provider}, with a failure to find credentials thrown as one of the two exceptions below. */
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

    /** The credentials endpoint did not answer, or answered a 5xx: a passing fault, worth another run. */
    static final class CredentialsEndpointFailedException extends SdkClientException {

        private static final long serialVersionUID = 1L;

        CredentialsEndpointFailedException(SdkClientException cause, String passingFault) {
            super(SdkClientException.builder().message(cause.getMessage() + " " + passingFault).cause(cause));
        }
    }

    /**
     * The SDK's own chain would do, but it throws away why each provider failed, and with it the
     * difference between no endpoint configured and an endpoint failing for a moment.
     */
    private record LambdaRoleCredentials(AwsCredentialsProvider environment, AwsCredentialsProvider container)
            implements AwsCredentialsProvider {

        @Override
        public AwsCredentials resolveCredentials() {
            try {
                return environment.resolveCredentials();
            } catch (SdkClientException notInTheEnvironment) {
                try {
                    return container.resolveCredentials();
                } catch (SdkClientException e) {
                    throw SdkClientException.builder()
                            .message(notInTheEnvironment.getMessage() + " " + e.getMessage())
                            .cause(e)
                            .build();
                }
            }
        }
    }

    private record NamingFailures(AwsCredentialsProvider delegate) implements AwsCredentialsProvider {

        @Override
        public AwsCredentials resolveCredentials() {
            try {
                return delegate.resolveCredentials();
            } catch (SdkClientException e) {
                String passingFault = passingFault(e);
                throw passingFault == null ? new CredentialsUnavailableException(e) : new CredentialsEndpointFailedException(e, passingFault);
            }
        }

        /**
         * What failed on the way to the endpoint, or null when nothing did. The SDK's container
         * credential provider (HttpResourcesUtils) throws an IOException when the endpoint does not
         * answer in time or drops the connection, and an SdkServiceException carrying the status for
         * any other answer than 200 or 404; a 4xx (a refused authorization token) is configuration.
         */
        private static String passingFault(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException io) {
                    return "(" + io.getClass().getSimpleName() + ": " + io.getMessage() + ")";
                }
                if (cause instanceof SdkServiceException service && service.statusCode() >= 500) {
                    return "(HTTP " + service.statusCode() + ")";
                }
            }
            return null;
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
