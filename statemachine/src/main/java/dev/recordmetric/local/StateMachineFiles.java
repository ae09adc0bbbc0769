package dev.recordmetric.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the statemachine module's files are: the Node harness and its node_modules, and beside
 * the module the definition template, which lives in the Terraform module
 * ({@code terraform/templates/record-metric.asl.json}) so that the module is self-contained and
 * there is one copy of it. Found from the system property {@code recordmetric.statemachine.dir},
 * else from the working directory (the module itself, the repository root holding
 * {@code statemachine/}, or another module beside it).
 */
public record StateMachineFiles(Path directory) {

    public static final String DIRECTORY_PROPERTY = "recordmetric.statemachine.dir";
    public static final String DEFINITION_FILE = "record-metric.asl.json";
    /** The definition, relative to the repository root. */
    public static final String DEFINITION_PATH = "terraform/templates/" + DEFINITION_FILE;

    /** The module directory, located as described above. */
    public static StateMachineFiles locate() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null) {
            return verified(Path.of(configured));
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path candidate : new Path[] {cwd, cwd.resolve("statemachine"), cwd.resolveSibling("statemachine")}) {
            if (Files.isRegularFile(candidate.resolve("harness/engine.mjs"))) {
                return new StateMachineFiles(candidate);
            }
        }
        throw new LocalEngineException(
                "cannot find the statemachine module (harness/engine.mjs) from " + cwd
                        + ": run from the repository root or set -D" + DIRECTORY_PROPERTY);
    }

    private static StateMachineFiles verified(Path directory) {
        if (!Files.isRegularFile(directory.resolve("harness/engine.mjs"))) {
            throw new LocalEngineException(directory + " has no harness/engine.mjs");
        }
        return new StateMachineFiles(directory.toAbsolutePath());
    }

    public Path definition() {
        return directory.getParent().resolve(DEFINITION_PATH);
    }

    public Path engineScript() {
        return directory.resolve("harness/engine.mjs");
    }

    /** The definition template, placeholders unfilled. */
    public String definitionTemplate() {
        try {
            return Files.readString(definition());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
