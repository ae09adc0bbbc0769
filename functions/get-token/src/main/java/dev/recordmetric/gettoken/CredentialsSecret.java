package dev.recordmetric.gettoken;

import dev.recordmetric.common.AwsErrors;
import dev.recordmetric.errors.InvalidConfigurationException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** The Secrets Manager secret holding the GitHub credentials. Its value never leaves this class but as the return value. */
final class CredentialsSecret {

    private final SecretsManagerClient secrets;
    private final String arn;

    CredentialsSecret(SecretsManagerClient secrets, String arn) {
        this.secrets = secrets;
        this.arn = arn;
    }

    String read() {
        GetSecretValueResponse response;
        try {
            response = secrets.getSecretValue(r -> r.secretId(arn));
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

    String arn() {
        return arn;
    }
}
