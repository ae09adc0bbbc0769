package dev.recordmetric.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** The secrets of a {@link FakeAws} and its answer to {@code GetSecretValue}. */
final class SecretsManagerState {

    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private record Secret(String arn, String name, String secretString, byte[] secretBinary, String versionId,
            Instant createdDate) {
    }

    private final Map<String, Secret> secretsByArn = new ConcurrentHashMap<>();
    private volatile boolean denyGetSecretValue;

    String put(String arnOrName, String secretString, byte[] secretBinary) {
        String arn;
        String name;
        if (arnOrName.startsWith("arn:")) {
            arn = arnOrName;
            name = arnOrName.substring(arnOrName.indexOf(":secret:") + ":secret:".length()).replaceFirst("-[A-Za-z0-9]{6}$", "");
        } else {
            name = arnOrName;
            arn = "arn:aws:secretsmanager:" + FakeAws.REGION + ":" + FakeAws.ACCOUNT + ":secret:" + name + "-" + suffix();
        }
        secretsByArn.put(arn, new Secret(arn, name, secretString, secretBinary, UUID.randomUUID().toString(), Instant.now()));
        return arn;
    }

    void denyGetSecretValue(boolean deny) {
        this.denyGetSecretValue = deny;
    }

    ObjectNode getSecretValue(JsonNode request) {
        String secretId = request.path("SecretId").asText("");
        if (secretId.isEmpty()) {
            throw AwsError.badRequest("ValidationException", "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null");
        }
        Secret secret = secretsByArn.values().stream()
                .filter(candidate -> candidate.arn().equals(secretId) || candidate.name().equals(secretId)
                        || candidate.arn().startsWith(secretId + "-"))
                .findFirst()
                .orElseThrow(() -> AwsError.badRequest("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        if (denyGetSecretValue) {
            throw AwsError.badRequest("AccessDeniedException", "User: arn:aws:sts::" + FakeAws.ACCOUNT
                    + ":assumed-role/get-token/get-token is not authorized to perform: secretsmanager:GetSecretValue on resource: "
                    + secretId + " because no identity-based policy allows the secretsmanager:GetSecretValue action");
        }
        ObjectNode answer = Json.MAPPER.createObjectNode()
                .put("ARN", secret.arn())
                .put("Name", secret.name());
        if (secret.secretString() != null) {
            answer.put("SecretString", secret.secretString());
        } else {
            answer.put("SecretBinary", Base64.getEncoder().encodeToString(secret.secretBinary()));
        }
        answer.put("VersionId", secret.versionId());
        answer.putArray("VersionStages").add("AWSCURRENT");
        answer.put("CreatedDate", secret.createdDate().toEpochMilli() / 1000.0);
        return answer;
    }

    private static String suffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(SUFFIX_ALPHABET.length())));
        }
        return suffix.toString();
    }
}
