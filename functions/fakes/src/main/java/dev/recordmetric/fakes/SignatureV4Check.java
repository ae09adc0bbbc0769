package dev.recordmetric.fakes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Admits a request to a local stand-in only when it carries an AWS Signature Version 4 made with
 * the one set of credentials this run handed out: the per-run secret that keeps other local
 * processes from reading what the stand-ins hold (the operator's token in the fake Secrets
 * Manager). The signature is recomputed with the AWS SDK's own signer ({@link AwsV4HttpSigner})
 * over the headers the request says it signed, at the time it says it was signed; a request more
 * than 15 minutes off is refused, as AWS refuses it. Thread-safe.
 */
public final class SignatureV4Check {

    /**
     * Why a request was refused, named as AWS names it.
     *
     * @param errorType {@code MissingAuthenticationTokenException}, {@code UnrecognizedClientException}
     *     (unknown access key or session token) or {@code InvalidSignatureException}
     */
    public record Rejection(String errorType, String message) {
    }

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,\\s*"
                    + "SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AwsSessionCredentials credentials;
    private final String region;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public SignatureV4Check(AwsSessionCredentials credentials, String region) {
        this(credentials, region, Clock.systemUTC());
    }

    SignatureV4Check(AwsSessionCredentials credentials, String region, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials);
        this.region = Objects.requireNonNull(region);
        this.clock = clock;
    }

    /** Credentials no one can guess: a fresh access key id, secret key and session token. */
    public static AwsSessionCredentials randomCredentials() {
        return AwsSessionCredentials.create("ASIA" + random(8).toUpperCase(Locale.ROOT), random(20), random(32));
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    public AwsSessionCredentials credentials() {
        return credentials;
    }

    /**
     * @param rawPath the path as sent, still percent-encoded
     * @param rawQuery the query as sent without {@code ?}, empty when there is none
     * @param headers the request's headers, names case-insensitive (the Host header included)
     * @return empty when the request is signed with this run's credentials
     */
    public Optional<Rejection> check(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body) {
        String authorization = first(headers, "Authorization");
        if (authorization == null) {
            return reject("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Matcher parsed = AUTHORIZATION.matcher(authorization.trim());
        if (!parsed.matches()) {
            return reject("InvalidSignatureException", "The Authorization header is not an AWS Signature Version 4.");
        }
        if (!parsed.group(1).equals(credentials.accessKeyId())
                || !credentials.sessionToken().equals(first(headers, "X-Amz-Security-Token"))) {
            return reject("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        if (!parsed.group(3).equals(region)) {
            return reject("InvalidSignatureException",
                    "Credential should be scoped to a valid region, not '" + parsed.group(3) + "'.");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(Objects.requireNonNullElse(first(headers, "X-Amz-Date"), "")));
        } catch (DateTimeParseException e) {
            return reject("InvalidSignatureException", "The request has no valid X-Amz-Date header.");
        }
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
            return reject("InvalidSignatureException", "Signature expired: " + AMZ_DATE.format(signedAt)
                    + " is now earlier or later than 15 minutes from " + AMZ_DATE.format(clock.instant()) + ".");
        }
        String expected = signature(method, rawPath, rawQuery, headers, body, parsed.group(4), parsed.group(5), signedAt);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parsed.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return reject("InvalidSignatureException", "The request signature we calculated does not match the signature"
                    + " you provided. Check your AWS Secret Access Key and signing method.");
        }
        return Optional.empty();
    }

    /** The signature this run's credentials give the request restricted to its signed headers. */
    private String signature(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body, String service, String signedHeaders, Instant signedAt) {
        String host = Objects.requireNonNullElse(first(headers, "Host"), "");
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://" + host + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery)));
        for (String name : signedHeaders.split(";")) {
            List<String> values = headers.get(name);
            if (values != null) {
                request.putHeader(name, values);
            }
        }
        SignedRequest signed = signer.sign(SignRequest.builder(credentials)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))
                .build());
        String recomputed = signed.request().firstMatchingHeader("Authorization").orElse("");
        Matcher matcher = AUTHORIZATION.matcher(recomputed);
        return matcher.matches() ? matcher.group(6) : "";
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static Optional<Rejection> reject(String type, String message) {
        return Optional.of(new Rejection(type, message));
    }
}
