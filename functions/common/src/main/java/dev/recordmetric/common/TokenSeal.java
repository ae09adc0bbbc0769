package dev.recordmetric.common;

import dev.recordmetric.errors.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * Seals the GitHub token with KMS so that the state machine's execution history only ever holds
 * ciphertext. The encryption context binds the ciphertext to one execution: the key policy lets
 * only this state machine's executions use the key, and a ciphertext copied from another execution
 * does not decrypt.
 */
public final class TokenSeal {

    public static final String CONTEXT_KEY = "execution_arn";

    private static final Pattern EXECUTION_ARN =
            Pattern.compile("arn:[a-z-]+:states:[a-z0-9-]+:\\d{12}:(execution|express):[^:\\s]+:[^\\s]+");

    /** What an offline KMS client answers while priming: fits both Encrypt and Decrypt. */
    public static final String PRIMING_RESPONSE = "{\"CiphertextBlob\":\"cHJpbWluZw==\",\"Plaintext\":\"cHJpbWluZw==\"}";

    private static final String PRIMING_KEY = "arn:aws:kms:us-east-1:000000000000:key/priming";
    private static final String PRIMING_EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:priming:priming";

    private final KmsClient kms;
    private final String keyId;

    public TokenSeal(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    public String seal(String token, String executionArn) {
        return seal(token, executionArn, AwsClients.API_CALL_TIMEOUT);
    }

    /** As {@link #seal(String, String)}, the KMS call bounded by {@code timeout}. */
    public String seal(String token, String executionArn, Duration timeout) {
        return seal(token, executionArn, AwsClients.within(timeout));
    }

    private String seal(String token, String executionArn, AwsRequestOverrideConfiguration timeouts) {
        try {
            byte[] blob = kms.encrypt(r -> r.keyId(keyId)
                            .overrideConfiguration(timeouts)
                            .plaintext(SdkBytes.fromString(token, StandardCharsets.UTF_8))
                            .encryptionContext(context(executionArn)))
                    .ciphertextBlob().asByteArray();
            return Base64.getEncoder().encodeToString(blob);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "sealing the token with KMS key " + keyId,
                    "the GetToken role needs kms:Encrypt on this key with the execution_arn encryption context.");
        }
    }

    public String unseal(String sealedToken, String executionArn) {
        return unseal(sealedToken, executionArn, AwsClients.API_CALL_TIMEOUT);
    }

    /** As {@link #unseal(String, String)}, the KMS call bounded by {@code timeout}. */
    public String unseal(String sealedToken, String executionArn, Duration timeout) {
        return unseal(sealedToken, executionArn, AwsClients.within(timeout));
    }

    private String unseal(String sealedToken, String executionArn, AwsRequestOverrideConfiguration timeouts) {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(sealedToken);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("Input field sealedToken is not base64: pass GetToken's output"
                    + " sealedToken unchanged.");
        }
        try {
            return kms.decrypt(r -> r.keyId(keyId)
                            .overrideConfiguration(timeouts)
                            .ciphertextBlob(SdkBytes.fromByteArray(blob))
                            .encryptionContext(context(executionArn)))
                    .plaintext().asUtf8String();
        } catch (InvalidCiphertextException e) {
            throw new InvalidConfigurationException("The sealed token was not sealed for execution " + executionArn
                    + " with KMS key " + keyId + ": pass GetToken's output of the same execution, and give both"
                    + " functions the same TOKEN_KMS_KEY_ID.", e);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "unsealing the token with KMS key " + keyId,
                    "the ListRunners role needs kms:Decrypt on this key with the execution_arn encryption context.");
        }
    }

    /**
     * Runs {@link #seal} on made-up data against a client from {@code AwsClients.offline} answering
     * {@link #PRIMING_RESPONSE}: no network, no secret, no timeout ({@link AwsClients#OFFLINE_CALL}).
     */
    public static void primeSeal(KmsClient offline) {
        new TokenSeal(offline, PRIMING_KEY).seal("priming", PRIMING_EXECUTION, AwsClients.OFFLINE_CALL);
    }

    /** As {@link #primeSeal}, for {@link #unseal}. */
    public static void primeUnseal(KmsClient offline) {
        new TokenSeal(offline, PRIMING_KEY).unseal("cHJpbWluZw==", PRIMING_EXECUTION, AwsClients.OFFLINE_CALL);
    }

    /** Checks the input's execution ARN: the state machine passes {@code $$.Execution.Id}. */
    public static String requireExecutionArn(String executionArn) {
        if (executionArn == null || !EXECUTION_ARN.matcher(executionArn).matches()) {
            throw new InvalidConfigurationException("Input field executionArn is missing or not a Step Functions"
                    + " execution ARN: the state machine must pass \"executionArn.$\": \"$$.Execution.Id\".");
        }
        return executionArn;
    }

    private static Map<String, String> context(String executionArn) {
        return Map.of(CONTEXT_KEY, requireExecutionArn(executionArn));
    }
}
