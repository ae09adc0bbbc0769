package dev.recordmetric.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the commands print to and read from: stdout, stderr, the environment, the output style and
 * the stop signal. The real ones in {@link RecordMetric#main}, test ones in tests.
 */
record Io(PrintStream out, PrintStream err, Map<String, String> env, Style style, Supplier<StopSignal> stopSignal) {

    /** The plain style, a stop signal nobody sets: for tests. */
    static Io plain(PrintStream out, PrintStream err, Map<String, String> env, StopSignal stop) {
        return new Io(out, err, env, Style.PLAIN, () -> stop);
    }
}
