package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A loopback fake of Secrets Manager and KMS speaking AWS JSON 1.1 on one endpoint, routed by
 * {@code X-Amz-Target}, and of DynamoDB (JSON 1.0, {@link FakeDynamoDb}). Point an SDK client at {@link #endpoint()} (e.g. with
 * {@code endpointOverride}, or {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}/{@code AWS_ENDPOINT_URL_KMS}).
 * Every request must be signed (SigV4) with this fake's own random {@link #credentials()}: nothing
 * else on the machine can read its secrets. A request without a signature, or signed with other
 * credentials, is answered as AWS answers it ({@code MissingAuthenticationTokenException},
 * {@code UnrecognizedClientException}, {@code InvalidSignatureException}; HTTP 400, as the AWS JSON
 * 1.1 services answer them) and does nothing. All methods are thread-safe.
 */
public final class FakeAws implements AutoCloseable {

    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "123456789012";
    public static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";
    public static final String ENCRYPT = "TrentService.Encrypt";
    public static final String DECRYPT = "TrentService.Decrypt";

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private record PendingFailure(String target, AwsError error) {
    }

    /** The running fakes of this JVM by endpoint, so that a client given only the endpoint can sign for it. */
    private static final Map<URI, AwsSessionCredentials> RUNNING = new ConcurrentHashMap<>();

    private final LoopbackServer server;
    private final SecretsManagerState secrets = new SecretsManagerState();
    private final KmsState kms = new KmsState();
    private final FakeDynamoDb dynamoDb = new FakeDynamoDb();
    private final List<AwsRequest> requests = new CopyOnWriteArrayList<>();
    private final List<PendingFailure> failures = new ArrayList<>();
    private final SignatureV4Check signatures = new SignatureV4Check(SignatureV4Check.randomCredentials(), REGION);

    private FakeAws() {
        this.server = LoopbackServer.start(this::handle);
        RUNNING.put(endpoint(), signatures.credentials());
    }

    /** Starts a fake on 127.0.0.1 and a free port. */
    public static FakeAws start() {
        return new FakeAws();
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint for both services. */
    public URI endpoint() {
        return URI.create(server.baseUrl());
    }

    /**
     * The environment that points a function's SDK clients at this fake ({@code AWS_ENDPOINT_URL_<SERVICE>},
     * the SDK's service-specific endpoint variables), as Lambda's network would reach the real services.
     */
    public Map<String, String> endpointVariables() {
        String endpoint = endpoint().toString();
        var variables = new LinkedHashMap<String, String>();
        variables.put("AWS_ENDPOINT_URL_KMS", endpoint);
        variables.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint);
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
        return Collections.unmodifiableMap(variables);
    }

    /** DynamoDB on this fake's endpoint (targets {@code DynamoDB_20120810.*}). */
    public FakeDynamoDb dynamoDb() {
        return dynamoDb;
    }

    /** The only credentials this fake accepts: made up for this instance, never written anywhere. */
    public AwsSessionCredentials credentials() {
        return signatures.credentials();
    }

    /** The credentials of the fake of this JVM listening at {@code endpoint}, if one is running there. */
    public static Optional<AwsSessionCredentials> credentialsFor(URI endpoint) {
        return Optional.ofNullable(RUNNING.get(endpoint));
    }

    /** Stores a string secret under an ARN or a name; returns its ARN (one is made up for a name). */
    public String putSecret(String arnOrName, String secretString) {
        return secrets.put(arnOrName, secretString, null);
    }

    /** Stores a binary secret (answered as {@code SecretBinary}); returns its ARN. */
    public String putSecret(String arnOrName, byte[] secretBinary) {
        return secrets.put(arnOrName, null, secretBinary.clone());
    }

    /** Makes {@code GetSecretValue} answer {@code AccessDeniedException} (true) or work again (false). */
    public FakeAws denyGetSecretValue(boolean deny) {
        secrets.denyGetSecretValue(deny);
        return this;
    }

    /** Creates a symmetric key; returns its ARN {@code arn:aws:kms:eu-west-1:123456789012:key/<uuid>}. */
    public String createKey() {
        return kms.createKey();
    }

    /** Lets {@code alias/<name>} (or its alias ARN) name the key {@code keyIdOrArn}. */
    public FakeAws createAlias(String alias, String keyIdOrArn) {
        kms.createAlias(alias, keyIdOrArn);
        return this;
    }

    /** Makes {@code Encrypt} answer {@code AccessDeniedException}. */
    public FakeAws denyEncrypt() {
        kms.denyEncrypt(true);
        return this;
    }

    /** Makes {@code Decrypt} answer {@code AccessDeniedException}. */
    public FakeAws denyDecrypt() {
        kms.denyDecrypt(true);
        return this;
    }

    /** Undoes {@link #denyEncrypt()}, {@link #denyDecrypt()} and {@link #denyGetSecretValue(boolean)}. */
    public FakeAws allowAll() {
        kms.denyEncrypt(false);
        kms.denyDecrypt(false);
        secrets.denyGetSecretValue(false);
        return this;
    }

    /**
     * Answers the next call to {@code target} (e.g. {@link #DECRYPT}) with this error instead, e.g.
     * {@code (ENCRYPT, 400, "ThrottlingException", "Rate exceeded")} or
     * {@code (GET_SECRET_VALUE, 500, "InternalFailure", null)}. Queued failures are used in order.
     */
    public FakeAws failNext(String target, int status, String awsErrorType, String message) {
        synchronized (failures) {
            failures.add(new PendingFailure(target, new AwsError(status, awsErrorType, message)));
        }
        return this;
    }

    /** Adds this delay to every request; concurrent requests are delayed concurrently. */
    public FakeAws latency(Duration latency) {
        server.latency(latency);
        return this;
    }

    /** Every call received, in arrival order, including refused ones. */
    public List<AwsRequest> requests() {
        return List.copyOf(requests);
    }

    /** The calls to {@code target}, e.g. {@link #DECRYPT}. */
    public List<AwsRequest> requests(String target) {
        return requests.stream().filter(request -> target.equals(request.target())).toList();
    }

    public long requestCount(String target) {
        return requests(target).size();
    }

    /** The HTTP requests as received. */
    public List<RecordedRequest> httpRequests() {
        return server.requests();
    }

    public int maxConcurrentRequests() {
        return server.maxConcurrentRequests();
    }

    /** Forgets recorded requests and the concurrency high-water mark; keeps secrets and keys. */
    public void resetRequests() {
        requests.clear();
        server.resetRecords();
    }

    @Override
    public void close() {
        RUNNING.remove(endpoint());
        server.close();
    }

    private Reply handle(RecordedRequest http) {
        String target = http.header("X-Amz-Target").orElse("");
        JsonNode body = parse(http.body());
        requests.add(new AwsRequest(target, body, http.headers()));
        try {
            signatures.check(http.method(), http.path(), http.query(), http.headers(),
                            http.body().getBytes(StandardCharsets.UTF_8))
                    .ifPresent(rejected -> {
                        throw AwsError.badRequest(rejected.errorType(), rejected.message());
                    });
            if (!http.method().equals("POST")) {
                throw AwsError.badRequest("UnknownOperationException", null);
            }
            takeFailure(target);
            if (target.startsWith(FakeDynamoDb.TARGET_PREFIX)) {
                return dynamoDb.handle(target, body);
            }
            JsonNode answer = switch (target) {
                case GET_SECRET_VALUE -> secrets.getSecretValue(body);
                case ENCRYPT -> kms.encrypt(body);
                case DECRYPT -> kms.decrypt(body);
                default -> throw AwsError.badRequest("UnknownOperationException", null);
            };
            return reply(200, answer.toString());
        } catch (AwsError error) {
            return error.reply();
        }
    }

    private void takeFailure(String target) {
        synchronized (failures) {
            for (int i = 0; i < failures.size(); i++) {
                if (failures.get(i).target().equals(target)) {
                    throw failures.remove(i).error();
                }
            }
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body.isBlank() ? null : Json.MAPPER.readTree(body);
            return node == null ? Json.MAPPER.createObjectNode() : node;
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    static Reply reply(int status, String json) {
        return new Reply(status, Map.of("Content-Type", CONTENT_TYPE, "x-amzn-RequestId", AwsError.requestId()),
                json.getBytes(StandardCharsets.UTF_8), false);
    }
}
