package dev.recordmetric.jobevents;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The webhook secret, from the Secrets Manager secret {@code WEBHOOK_SECRET_ARN} (its SecretString,
 * byte for byte: GitHub signs with the secret exactly as typed in the webhook's form). Read once and
 * cached; after a signature mismatch read again, but at most once every {@link #REREAD_AFTER}, so a
 * rotation is picked up within minutes while a flood of unsigned requests costs no Secrets Manager
 * calls. The value never leaves this class but to the signature check. Thread-safe.
 */
final class WebhookSecret {

    static final Duration REREAD_AFTER = Duration.ofMinutes(5);

    private final SecretsManagerClient secrets;
    private final String arn;
    private final Clock clock;
    private byte[] value;
    private Instant readAt;

    WebhookSecret(SecretsManagerClient secrets, String arn, Clock clock) {
        this.secrets = secrets;
        this.arn = arn;
        this.clock = clock;
    }

    /** The cached secret, read now if it never was. */
    synchronized byte[] current() {
        if (value == null) {
            read();
        }
        return value;
    }

    /**
     * After a mismatch: the secret read again if the last read is {@link #REREAD_AFTER} old or older
     * and it changed; else empty (the mismatch stands).
     */
    synchronized Optional<byte[]> rereadAfterMismatch() {
        if (readAt != null && clock.instant().isBefore(readAt.plus(REREAD_AFTER))) {
            return Optional.empty();
        }
        byte[] before = value;
        read();
        return Arrays.equals(before, value) ? Optional.empty() : Optional.of(value);
    }

    private void read() {
        GetSecretValueResponse response;
        try {
            response = secrets.getSecretValue(r -> r.secretId(arn));
        } catch (SdkException e) {
            throw new WebhookSecretUnavailableException("cannot read the webhook secret " + arn + " ("
                    + e.getClass().getSimpleName() + "): check that it exists and that the receiver's role may call"
                    + " secretsmanager:GetSecretValue on it", e);
        }
        String secret = response.secretString();
        if (secret == null || secret.isEmpty()) {
            throw new WebhookSecretUnavailableException("the webhook secret " + arn + " has no SecretString: store the"
                    + " secret typed in GitHub's webhook form as the secret's plain text", null);
        }
        value = secret.getBytes(StandardCharsets.UTF_8);
        readAt = clock.instant();
    }

    /** The secret could not be read: the receiver answers 500 and GitHub marks the delivery failed. */
    static final class WebhookSecretUnavailableException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        WebhookSecretUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
