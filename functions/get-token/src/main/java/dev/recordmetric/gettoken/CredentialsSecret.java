package dev.recordmetric.gettoken;

import dev.recordmetric.common.AwsClients;
import dev.recordmetric.common.AwsErrors;
import dev.recordmetric.errors.InvalidConfigurationException;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** The Secrets Manager secret holding the GitHub credentials. Its value never leaves this class but as the return value. */
final class CredentialsSecret {

    /** What an offline Secrets Manager client answers while priming. */
    static final String PRIMING_RESPONSE = "{\"SecretString\":\"priming\"}";

    private final SecretsManagerClient secrets;
    private final String arn;

    CredentialsSecret(SecretsManagerClient secrets, String arn) {
        this.secrets = secrets;
        this.arn = arn;
    }

    /** The secret's value, the Secrets Manager call bounded by {@code timeout}. */
    String read(Duration timeout) {
        return read(AwsClients.within(timeout));
    }

    private String read(AwsRequestOverrideConfiguration timeouts) {
        GetSecretValueResponse response;
        try {
            response = secrets.getSecretValue(r -> r.secretId(arn).overrideConfiguration(timeouts));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "reading secret " + arn,
                    "check that the secret exists and that the GetToken role may call secretsmanager:GetSecretValue"
                            + " on it (and kms:Decrypt on the secret's key, if it has its own).");
        }
        String value = response.secretString() != null ? response.secretString()
                : response.secretBinary() != null ? response.secretBinary().asUtf8String() : "";
        if (value.isBlank()) {
            throw new InvalidConfigurationException("Secret " + arn + " is empty: store the personal access token or"
                    + " the GitHub App's private key in it.");
        }
        return value.strip();
    }

    /**
     * Runs {@link #read} on a made-up secret against a client from {@code AwsClients.offline}
     * answering {@link #PRIMING_RESPONSE}: no network, no secret, no timeout ({@link AwsClients#OFFLINE_CALL}).
     */
    static void prime(SecretsManagerClient offline) {
        new CredentialsSecret(offline, "arn:aws:secretsmanager:us-east-1:000000000000:secret:priming")
                .read(AwsClients.OFFLINE_CALL);
    }

    String arn() {
        return arn;
    }
}
