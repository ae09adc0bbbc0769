package dev.recordmetric.fakes;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;

/** RSA keys for GitHub App tests, and their PEM renderings. */
public final class TestKeys {

    private static final class Shared {
        static final KeyPair RSA = newRsaKeyPair();
    }

    private TestKeys() {
    }

    /** One RSA 2048 key pair per JVM (generating one takes a while). */
    public static KeyPair rsaKeyPair() {
        return Shared.RSA;
    }

    /** A fresh RSA 2048 key pair, e.g. the "wrong key" of a test. */
    public static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no RSA", e);
        }
    }

    /** {@code -----BEGIN PRIVATE KEY-----}: PKCS#8, what Java reads natively. */
    public static String pkcs8Pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** {@code -----BEGIN RSA PRIVATE KEY-----}: PKCS#1, what GitHub issues for Apps. */
    public static String pkcs1Pem(PrivateKey key) {
        return pem("RSA PRIVATE KEY", pkcs1Der(key));
    }

    /** The DER of PKCS#1 RSAPrivateKey: SEQUENCE { version 0, n, e, d, p, q, dp, dq, qinv }. */
    public static byte[] pkcs1Der(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new IllegalArgumentException("PKCS#1 needs an RSA private key with CRT values, got " + key.getClass());
        }
        return Der.sequence(
                Der.integer(BigInteger.ZERO),
                Der.integer(rsa.getModulus()),
                Der.integer(rsa.getPublicExponent()),
                Der.integer(rsa.getPrivateExponent()),
                Der.integer(rsa.getPrimeP()),
                Der.integer(rsa.getPrimeQ()),
                Der.integer(rsa.getPrimeExponentP()),
                Der.integer(rsa.getPrimeExponentQ()),
                Der.integer(rsa.getCrtCoefficient()));
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    /** Just enough DER to write PKCS#1. */
    static final class Der {

        private Der() {
        }

        static byte[] integer(BigInteger value) {
            return tagged(0x02, value.toByteArray());
        }

        static byte[] sequence(byte[]... elements) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (byte[] element : elements) {
                content.writeBytes(element);
            }
            return tagged(0x30, content.toByteArray());
        }

        private static byte[] tagged(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else {
                byte[] lengthBytes = BigInteger.valueOf(length).toByteArray();
                int start = lengthBytes[0] == 0 ? 1 : 0;
                out.write(0x80 | (lengthBytes.length - start));
                out.write(lengthBytes, start, lengthBytes.length - start);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }
    }
}
