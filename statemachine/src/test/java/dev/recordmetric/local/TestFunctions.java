package dev.recordmetric.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A deployment package of the handlers in {@code testfunctions}: a task root holding their classes
 * and, in {@code lib/}, the org.crac jar, as a function's package bundles it. Made once per test JVM,
 * deleted when it exits.
 */
final class TestFunctions {

    private static Path taskRoot;

    private TestFunctions() {}

    static synchronized Path taskRoot() {
        if (taskRoot != null) {
            return taskRoot;
        }
        try {
            Path classes = Path.of(TestFunctions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = Files.createTempDirectory("record-metric-test-functions");
            Path packageDir = Path.of("dev/recordmetric/local/testfunctions");
            Files.createDirectories(root.resolve(packageDir));
            try (Stream<Path> files = Files.list(classes.resolve(packageDir))) {
                for (Path file : files.toList()) {
                    Files.copy(file, root.resolve(packageDir).resolve(file.getFileName().toString()));
                }
            }
            Path crac = Path.of(org.crac.Core.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.createDirectories(root.resolve("lib"));
            Files.copy(crac, root.resolve("lib/crac.jar"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
            taskRoot = root;
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** The handler class {@code simpleName} of {@code testfunctions}, as a package. */
    static FunctionPackage handler(String simpleName, AwsSessionCredentials credentials) {
        return FunctionPackage.of(taskRoot(), "dev.recordmetric.local.testfunctions." + simpleName + "::handleRequest",
                Map.of(), credentials);
    }
}
