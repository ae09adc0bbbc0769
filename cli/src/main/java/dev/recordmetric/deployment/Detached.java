package dev.recordmetric.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a child process in a session of its own ({@code setsid}, util-linux), so that Ctrl-C at
 * the terminal, which reaches the whole foreground process group, stops only this JVM: its
 * shutdown then tears the deployment down with those children (terraform destroy needs them).
 */
final class Detached {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Detached() {
    }

    /** The command prefix: {@code setsid} where there is one, nothing otherwise. */
    static List<String> prefix() {
        return Files.isExecutable(SETSID) ? List.of(SETSID.toString()) : List.of();
    }
}
