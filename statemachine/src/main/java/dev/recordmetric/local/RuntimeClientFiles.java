package dev.recordmetric.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * AWS's Java runtime interface client as the build copies it ({@code statemachine/target/lambda-runtime/}:
 * the client with aws-lambda-java-core, -serialization and utils-lite, what the managed runtime
 * puts on its class path), and the client's native part, unpacked once per JVM to a directory of
 * its own (the client would otherwise unpack it to the shared {@code /tmp/.libaws-lambda-jni.so}).
 */
record RuntimeClientFiles(List<Path> classpath, Path nativeLibrary) {

    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String CLIENT_JAR_PREFIX = "aws-lambda-java-runtime-interface-client-";

    private static RuntimeClientFiles located;

    /** Found beside the statemachine module of {@code files}; fails naming the build step that makes them. */
    static synchronized RuntimeClientFiles locate(StateMachineFiles files) {
        if (located != null) {
            return located;
        }
        Path directory = files.directory().resolve("target/lambda-runtime");
        List<Path> jars;
        try (Stream<Path> listed = Files.isDirectory(directory) ? Files.list(directory) : Stream.empty()) {
            jars = listed.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path client = jars.stream().filter(p -> p.getFileName().toString().startsWith(CLIENT_JAR_PREFIX)).findFirst()
                .orElseThrow(() -> new LocalEngineException("the Lambda runtime interface client is not in " + directory
                        + ": the statemachine module's build copies it there (e.g. ./mvnw -B -ntp package -DskipTests -pl statemachine -am)"));
        located = new RuntimeClientFiles(jars, unpackNativeLibrary(client));
        return located;
    }

    /** The glibc build for this machine's architecture, as the client's own loader would pick it. */
    private static Path unpackNativeLibrary(Path clientJar) {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String name = "jni/libaws-lambda-jni.linux-" + (arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : "x86_64") + ".so";
        try (ZipFile jar = new ZipFile(clientJar.toFile())) {
            ZipEntry entry = jar.getEntry(name);
            if (entry == null) {
                throw new LocalEngineException(clientJar + " has no " + name + ": the runtime client needs Linux on x86_64 or arm64");
            }
            Path directory = Files.createTempDirectory("record-metric-lambda-runtime");
            directory.toFile().deleteOnExit();
            Path library = directory.resolve(Path.of(name).getFileName());
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
            library.toFile().deleteOnExit();
            return library;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the runtime client's native library from " + clientJar, e);
        }
    }
}
