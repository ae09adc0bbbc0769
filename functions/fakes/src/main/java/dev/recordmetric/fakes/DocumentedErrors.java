package dev.recordmetric.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named errors the repository's README documents (its "Named errors" table), as fully
 * qualified class names: what tests hold the functions' failures to.
 */
public final class DocumentedErrors {

    public static final String PACKAGE = "dev.recordmetric.errors.";
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z]+Exception)` \\|");

    private DocumentedErrors() {
    }

    /** Reads README.md from the nearest directory above the working directory that has one with the table. */
    public static Set<String> classNames() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path readme = dir.resolve("README.md");
            if (Files.isRegularFile(readme)) {
                Set<String> names = parse(read(readme));
                if (!names.isEmpty()) {
                    return names;
                }
            }
        }
        throw new IllegalStateException("no README.md with a \"### Named errors\" table above " + Path.of("").toAbsolutePath());
    }

    private static List<String> read(Path readme) {
        try {
            return Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> parse(List<String> lines) {
        Set<String> names = new LinkedHashSet<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("#")) {
                inSection = line.equals("### Named errors");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.find()) {
                names.add(PACKAGE + row.group(1));
            }
        }
        return Set.copyOf(names);
    }
}
