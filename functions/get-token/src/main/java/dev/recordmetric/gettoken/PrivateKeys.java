package dev.recordmetric.gettoken;

import dev.recordmetric.errors.InvalidConfigurationException;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a GitHub App private key in PEM form: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what GitHub
 * issues) or PKCS#8 ({@code BEGIN PRIVATE KEY}). The JDK reads only PKCS#8, so a PKCS#1 key is
 * wrapped in a PKCS#8 envelope: a few lines of DER instead of a cryptography library in the jar.
 */
final class PrivateKeys {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA )?PRIVATE KEY-----");

    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private PrivateKeys() {
    }

    /** @param where names the key's origin in error messages (never the key itself) */
    static PrivateKey parse(String pem, String where) {
        Matcher matcher = PEM.matcher(pem);
        if (!matcher.find()) {
            String problem = pem.contains("BEGIN ENCRYPTED PRIVATE KEY") ? "holds an encrypted private key"
                    : pem.contains("BEGIN OPENSSH PRIVATE KEY") ? "holds an OpenSSH key"
                    : "does not hold a PEM private key";
            throw new InvalidConfigurationException(where + " " + problem + ": store the GitHub App's private key"
                    + " (the .pem file GitHub generated, BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY) as plain text.");
        }
        if ((matcher.group(1) == null) != (matcher.group(3) == null)) {
            throw new InvalidConfigurationException(where + " has mismatched BEGIN/END lines: store the .pem file unchanged.");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(2).replaceAll("\\s", ""));
            byte[] pkcs8 = matcher.group(1) != null ? wrapPkcs1(der) : der;
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (key instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() < AppInstallationTokens.MIN_KEY_BITS) {
                throw new InvalidConfigurationException(where + " holds a " + rsa.getModulus().bitLength() + "-bit RSA key:"
                        + " GitHub App keys have at least " + AppInstallationTokens.MIN_KEY_BITS + " bits, and RS256"
                        + " signing refuses shorter ones. Generate a new private key in the GitHub App's settings and"
                        + " store that .pem file.");
            }
            return key;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new InvalidConfigurationException(where + " holds a damaged RSA private key (" + e.getClass().getSimpleName()
                    + "): generate a new private key for the GitHub App and store the .pem file unchanged.");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING pkcs1 }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        writeLength(body, pkcs1.length);
        body.writeBytes(pkcs1);
        var info = new ByteArrayOutputStream();
        info.write(0x30);
        writeLength(info, body.size());
        info.writeBytes(body.toByteArray());
        return info.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }
}
