package dev.recordmetric.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the tool in-process, capturing stdout and stderr: the command line as an operator types it. */
final class Cli {

    record Result(int exit, String out, String err) {}

    private Cli() {}

    static Result run(Map<String, String> env, String... args) {
        return run(env, new StopSignal(), args);
    }

    static Result run(Map<String, String> env, StopSignal stop, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int exit = RecordMetric.execute(Io.plain(o, e, env, stop), args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
