package dev.recordmetric.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS identity for a fake served over https on loopback: a self-signed certificate for
 * {@code 127.0.0.1} (subject alternative names {@code IP:127.0.0.1} and {@code DNS:localhost}), made
 * for this run by the JDK's {@code keytool} (the JDK has no public API to issue a certificate), and
 * a trust store holding only that certificate, for the clients: {@link #clientContext()} in this
 * JVM, {@link #javaToolOptions()} for another JVM (Lambda's Java runtimes read
 * {@code JAVA_TOOL_OPTIONS}). The private key never leaves the server's key store. Close to delete
 * both stores.
 */
public final class LoopbackTls implements AutoCloseable {

    private static final String ALIAS = "loopback";

    private final Path directory;
    private final Path trustStore;
    private final String password;
    private final SSLContext serverContext;
    private final SSLContext clientContext;

    private LoopbackTls(Path directory, Path trustStore, String password, SSLContext serverContext, SSLContext clientContext) {
        this.directory = directory;
        this.trustStore = trustStore;
        this.password = password;
        this.serverContext = serverContext;
        this.clientContext = clientContext;
    }

    /** A new key pair and certificate (valid two days), in a temporary directory of its own. */
    public static LoopbackTls create() {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("record-metric-tls-");
            String password = HexFormat.of().formatHex(randomBytes(16));
            Path keyStore = directory.resolve("server.p12");
            keytool(List.of("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                    "-storepass", password, "-keypass", password));
            KeyStore server = load(keyStore, password);
            Files.delete(keyStore);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            Certificate certificate = server.getCertificate(ALIAS);
            trusted.setCertificateEntry(ALIAS, certificate);
            Path trustStore = directory.resolve("trust.p12");
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trusted.store(out, password.toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(server, password.toCharArray());
            SSLContext serverContext = SSLContext.getInstance("TLS");
            serverContext.init(keys.getKeyManagers(), null, null);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext clientContext = SSLContext.getInstance("TLS");
            clientContext.init(null, trust.getTrustManagers(), null);
            return new LoopbackTls(directory, trustStore, password, serverContext, clientContext);
        } catch (IOException e) {
            delete(directory);
            throw new UncheckedIOException("cannot make a loopback certificate", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            delete(directory);
            throw new IllegalStateException("cannot make a loopback certificate: " + e.getMessage(), e);
        }
    }

    private static void keytool(List<String> arguments) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = Stream.concat(Stream.of(keytool.toString()), arguments.stream()).toList();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while keytool ran", e);
        }
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    /** The server side: the key and its certificate. */
    SSLContext serverContext() {
        return serverContext;
    }

    /** A client context trusting this certificate only. */
    public SSLContext clientContext() {
        return clientContext;
    }

    /** A PKCS#12 trust store holding the certificate only (no key). */
    public Path trustStore() {
        return trustStore;
    }

    /**
     * The options that make another JVM trust this certificate (and nothing else) by default:
     * {@code -Djavax.net.ssl.trustStore=...} with its type and password (a trust store's password
     * protects its integrity, not a secret).
     */
    public String javaToolOptions() {
        return "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStoreType=PKCS12"
                + " -Djavax.net.ssl.trustStorePassword=" + password;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        delete(directory);
    }
}
