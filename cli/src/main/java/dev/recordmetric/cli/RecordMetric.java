package dev.recordmetric.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code record-metric}: the operator's tool. {@code run} executes the workflow locally, {@code up}
 * deploys the Terraform example on a local AWS emulator and tears it down, {@code doctor} checks
 * GitHub (and optionally the Auto Scaling group) before deploying, {@code executions} and
 * {@code trigger} look at a deployed state machine.
 */
@Command(
        name = "record-metric",
        mixinStandardHelpOptions = true,
        version = "record-metric 1.0.0-SNAPSHOT",
        description = "Counts a GitHub Actions runner fleet's busy and idle runners and publishes them to CloudWatch.",
        footer = {"", "Start with: record-metric run   (a simulated organization, nothing to configure)"})
public final class RecordMetric implements Runnable {

    /** Exit status of bad input (unknown flag, missing token, unreadable PEM, unreachable API). */
    static final int BAD_INPUT = 2;

    private final Io io;

    @Spec CommandSpec spec;

    RecordMetric(Io io) {
        this.io = io;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        Io io = new Io(out, err, System.getenv(), Style.detect(System.getenv()), new java.util.function.Supplier<>() {
            private StopSignal signal;

            @Override
            public synchronized StopSignal get() {
                if (signal == null) {
                    signal = StopSignal.onShutdown();
                }
                return signal;
            }
        });
        System.exit(execute(io, args));
    }

    /** Runs the command line {@code args}; returns the exit status. */
    static int execute(Io io, String... args) {
        CommandLine cli = new CommandLine(new RecordMetric(io));
        cli.addSubcommand("run", new RunCommand(io));
        cli.addSubcommand("doctor", new DoctorCommand(io));
        cli.addSubcommand("executions", new ExecutionsCommand(io));
        cli.addSubcommand("trigger", new TriggerCommand(io));
        cli.addSubcommand("up", new UpCommand(io));
        cli.setOut(new PrintWriter(io.out(), true));
        cli.setErr(new PrintWriter(io.err(), true));
        cli.setParameterExceptionHandler((e, ignored) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            io.err().println("record-metric: " + oneLine(e.getMessage()) + "; see '" + command + " --help'");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException) {
                io.err().println("record-metric: " + TerminalText.safe(e.getMessage()));
                return BAD_INPUT;
            }
            io.err().println("record-metric: unexpected failure (" + e.getClass().getSimpleName() + "): "
                    + TerminalText.safe(oneLine(String.valueOf(e.getMessage()))));
            return 1;
        });
        return cli.execute(args);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    @Override
    public void run() {
        spec.commandLine().usage(io.out());
    }

    /** For tests: the environment the commands see. */
    Map<String, String> env() {
        return io.env();
    }
}
