package dev.recordmetric.fakes;

import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A loopback stand-in for the endpoint a SnapStart function gets its role's credentials from:
 * Lambda sets {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}
 * instead of {@code AWS_ACCESS_KEY_ID} ("Activating and managing Lambda SnapStart", credentials).
 * {@code GET} with the token in the {@code Authorization} header answers the credentials as the
 * container credential provider expects them ({@code AccessKeyId}, {@code SecretAccessKey},
 * {@code Token}, {@code Expiration}); any other token gets 401. {@link #failWith} and {@link #latency}
 * make the endpoint fail for a while, as any HTTP service can. Thread-safe.
 */
public final class FakeContainerCredentials implements AutoCloseable {

    public static final String PATH = "/2021-04-23/credentials";

    /** One request, as received. */
    public record Fetch(Instant at, boolean authorized) {
    }

    private final LoopbackServer server;
    private final AwsSessionCredentials credentials;
    private final String token;
    private final Clock clock;
    private final List<Fetch> fetches = new CopyOnWriteArrayList<>();
    private volatile int failureStatus;

    private FakeContainerCredentials(AwsSessionCredentials credentials, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials);
        this.token = SignatureV4Check.randomCredentials().secretAccessKey();
        this.clock = clock;
        this.server = LoopbackServer.start(this::handle);
    }

    /** Serves {@code credentials} (e.g. a {@link FakeAws}'s) to whoever presents {@link #authorizationToken()}. */
    public static FakeContainerCredentials start(AwsSessionCredentials credentials) {
        return new FakeContainerCredentials(credentials, Clock.systemUTC());
    }

    /** The value for {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}: loopback http, which the SDK allows. */
    public URI uri() {
        return URI.create(server.baseUrl() + PATH);
    }

    /** The value for {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}: random, for this instance. */
    public String authorizationToken() {
        return token;
    }

    /** Every request so far, in order. */
    public List<Fetch> fetches() {
        return List.copyOf(fetches);
    }

    /** Answers every request with {@code status} (e.g. 503), a JSON message and no credentials, until {@link #recover()}. */
    public FakeContainerCredentials failWith(int status) {
        this.failureStatus = status;
        return this;
    }

    /** Answers normally again after {@link #failWith}. */
    public FakeContainerCredentials recover() {
        this.failureStatus = 0;
        return this;
    }

    /** Adds this delay to every request; concurrent requests are delayed concurrently. */
    public FakeContainerCredentials latency(Duration latency) {
        server.latency(latency);
        return this;
    }

    private Reply handle(RecordedRequest request) {
        boolean authorized = request.method().equals("GET") && request.path().equals(PATH)
                && MessageDigest.isEqual(request.header("Authorization").orElse("").getBytes(StandardCharsets.UTF_8),
                        token.getBytes(StandardCharsets.UTF_8));
        fetches.add(new Fetch(clock.instant(), authorized));
        if (!authorized) {
            return Reply.json(401, "{\"message\":\"Unauthorized\"}");
        }
        int failure = failureStatus;
        if (failure != 0) {
            return Reply.json(failure, "{\"message\":\"Service Unavailable\"}");
        }
        return Reply.json(200, Json.MAPPER.createObjectNode()
                .put("AccessKeyId", credentials.accessKeyId())
                .put("SecretAccessKey", credentials.secretAccessKey())
                .put("Token", credentials.sessionToken())
                .put("Expiration", clock.instant().plus(Duration.ofHours(6)).toString())
                .toString());
    }

    @Override
    public void close() {
        server.close();
    }
}
