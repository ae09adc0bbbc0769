package dev.recordmetric.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The keys of a {@link FakeAws} and real AES-GCM behind {@code Encrypt}/{@code Decrypt}. A
 * ciphertext blob is {@code 0x01, key-id length, key id, 12-byte IV, ciphertext with tag}; the
 * key id and the canonical (key-sorted JSON) encryption context are the AAD, so Decrypt fails
 * on any other context or any changed byte, as KMS does.
 */
final class KmsState {

    private static final byte FORMAT = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String ALGORITHM = "SYMMETRIC_DEFAULT";

    private record Key(String id, String arn, SecretKey aes) {
    }

    private final Map<String, Key> keysById = new ConcurrentHashMap<>();
    private final Map<String, String> keyIdsByAlias = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean denyEncrypt;
    private volatile boolean denyDecrypt;

    String createKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            String id = UUID.randomUUID().toString();
            Key key = new Key(id, "arn:aws:kms:" + FakeAws.REGION + ":" + FakeAws.ACCOUNT + ":key/" + id, generator.generateKey());
            keysById.put(id, key);
            return key.arn();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES", e);
        }
    }

    void createAlias(String alias, String keyIdOrArn) {
        String name = alias.startsWith("alias/") ? alias : "alias/" + alias;
        Key key = resolve(keyIdOrArn);
        keyIdsByAlias.put(name, key.id());
    }

    void denyEncrypt(boolean deny) {
        this.denyEncrypt = deny;
    }

    void denyDecrypt(boolean deny) {
        this.denyDecrypt = deny;
    }

    ObjectNode encrypt(JsonNode request) {
        Key key = resolve(request.path("KeyId").asText(""));
        if (denyEncrypt) {
            throw accessDenied("kms:Encrypt", key);
        }
        byte[] plaintext = base64(request.path("Plaintext").asText(""), "ValidationException");
        if (plaintext.length == 0 || plaintext.length > 4096) {
            throw AwsError.badRequest("ValidationException", "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length between 1 and 4096");
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(key.id(), request.get("EncryptionContext")));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] id = key.id().getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            blob.write(FORMAT);
            blob.write(id.length);
            blob.writeBytes(id);
            blob.writeBytes(iv);
            blob.writeBytes(sealed);
            return Json.MAPPER.createObjectNode()
                    .put("CiphertextBlob", Base64.getEncoder().encodeToString(blob.toByteArray()))
                    .put("KeyId", key.arn())
                    .put("EncryptionAlgorithm", ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    ObjectNode decrypt(JsonNode request) {
        ByteBuffer blob = ByteBuffer.wrap(base64(request.path("CiphertextBlob").asText(""), "InvalidCiphertextException"));
        Key key;
        byte[] iv = new byte[IV_BYTES];
        try {
            if (blob.get() != FORMAT) {
                throw invalidCiphertext();
            }
            byte[] id = new byte[blob.get() & 0xff];
            blob.get(id);
            blob.get(iv);
            key = keysById.get(new String(id, StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            throw e instanceof AwsError error ? error : invalidCiphertext();
        }
        if (key == null) {
            throw invalidCiphertext();
        }
        String requestedKey = request.path("KeyId").asText("");
        if (!requestedKey.isEmpty() && !resolve(requestedKey).id().equals(key.id())) {
            throw AwsError.badRequest("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        if (denyDecrypt) {
            throw accessDenied("kms:Decrypt", key);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(key.id(), request.get("EncryptionContext")));
            byte[] plaintext = cipher.doFinal(blob.array(), blob.position(), blob.remaining());
            return Json.MAPPER.createObjectNode()
                    .put("KeyId", key.arn())
                    .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
                    .put("EncryptionAlgorithm", ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw invalidCiphertext();
        }
    }

    private Key resolve(String keyId) {
        if (keyId.isEmpty()) {
            throw AwsError.badRequest("ValidationException", "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
        }
        String id = keyId;
        int alias = keyId.indexOf("alias/");
        if (alias >= 0) {
            id = keyIdsByAlias.getOrDefault(keyId.substring(alias), "");
        } else if (keyId.startsWith("arn:")) {
            id = keyId.substring(keyId.lastIndexOf(":key/") + ":key/".length());
        }
        Key key = keysById.get(id);
        if (key == null) {
            throw AwsError.badRequest("NotFoundException", "Key '" + keyId + "' does not exist");
        }
        return key;
    }

    /** The key id and the encryption context with keys sorted, as JSON. */
    private static byte[] aad(String keyId, JsonNode context) {
        Map<String, String> sorted = new TreeMap<>(Json.stringMap(context));
        try {
            return (keyId + "\n" + Json.MAPPER.writeValueAsString(sorted)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] base64(String value, String errorType) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw AwsError.badRequest(errorType, "invalid base64");
        }
    }

    private static AwsError invalidCiphertext() {
        return AwsError.badRequest("InvalidCiphertextException", null);
    }

    private static AwsError accessDenied(String action, Key key) {
        return AwsError.badRequest("AccessDeniedException", "User: arn:aws:sts::" + FakeAws.ACCOUNT
                + ":assumed-role/record-metric/fn is not authorized to perform: " + action + " on resource: " + key.arn()
                + " because no identity-based policy allows the " + action + " action");
    }
}
