package dev.recordmetric.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "executions", mixinStandardHelpOptions = true)
final class ExecutionsCommand implements Callable<Integer> {
  private final Io io;

  ExecutionsCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    io.out().println("todo");
    return 1;
  }
}
