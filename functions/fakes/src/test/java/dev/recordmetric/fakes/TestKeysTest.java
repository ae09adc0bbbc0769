package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestKeysTest {

    private final KeyPair keys = TestKeys.rsaKeyPair();

    @Test
    void pkcs1Pem_parsesBackToTheSameKey() throws Exception {
        // Given
        String pem = TestKeys.pkcs1Pem(keys.getPrivate());

        // When
        List<BigInteger> integers = readSequenceOfIntegers(body(pem, "RSA PRIVATE KEY"));

        // Then
        assertThat(integers).hasSize(9);
        assertThat(integers.get(0)).isZero();
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        assertThat(integers.get(1)).isEqualTo(publicKey.getModulus());
        assertThat(integers.get(2)).isEqualTo(publicKey.getPublicExponent());
        PrivateKey rebuilt = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                integers.get(1), integers.get(2), integers.get(3), integers.get(4), integers.get(5),
                integers.get(6), integers.get(7), integers.get(8)));
        assertThat(verifies(rebuilt)).isTrue();
    }

    @Test
    void pems_haveHeadersAnd64CharacterLines() {
        String pkcs1 = TestKeys.pkcs1Pem(keys.getPrivate());
        String pkcs8 = TestKeys.pkcs8Pem(keys.getPrivate());

        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("-----END RSA PRIVATE KEY-----\n");
        assertThat(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        for (String pem : List.of(pkcs1, pkcs8)) {
            List<String> lines = pem.lines().filter(line -> !line.startsWith("-----")).toList();
            assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(line -> assertThat(line).hasSize(64));
            assertThat(lines.getLast().length()).isBetween(1, 64);
        }
    }

    @Test
    void pkcs8Pem_parsesBackWithTheJdk() throws Exception {
        byte[] der = body(TestKeys.pkcs8Pem(keys.getPrivate()), "PRIVATE KEY");

        PrivateKey parsed = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));

        assertThat(verifies(parsed)).isTrue();
    }

    @Test
    void rsaKeyPair_isCachedPerJvm() {
        assertThat(TestKeys.rsaKeyPair()).isSameAs(TestKeys.rsaKeyPair());
    }

    private boolean verifies(PrivateKey privateKey) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        return verifier.verify(signature);
    }

    private static byte[] body(String pem, String type) {
        String base64 = pem.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", "");
        return Base64.getMimeDecoder().decode(base64);
    }

    /** A minimal DER reader: one SEQUENCE holding only INTEGERs, nothing after it. */
    private static List<BigInteger> readSequenceOfIntegers(byte[] der) {
        int[] position = {0};
        assertThat(der[position[0]++]).isEqualTo((byte) 0x30);
        int end = readLength(der, position) + position[0];
        assertThat(end).isEqualTo(der.length);
        List<BigInteger> integers = new ArrayList<>();
        while (position[0] < end) {
            assertThat(der[position[0]++]).isEqualTo((byte) 0x02);
            int length = readLength(der, position);
            byte[] value = new byte[length];
            System.arraycopy(der, position[0], value, 0, length);
            position[0] += length;
            integers.add(new BigInteger(value));
        }
        return integers;
    }

    private static int readLength(byte[] der, int[] position) {
        int first = der[position[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[position[0]++] & 0xff);
        }
        return length;
    }
}
