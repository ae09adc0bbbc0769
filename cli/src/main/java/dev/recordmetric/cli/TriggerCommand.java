package dev.recordmetric.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "trigger", mixinStandardHelpOptions = true)
final class TriggerCommand implements Callable<Integer> {
  private final Io io;

  TriggerCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    io.out().println("todo");
    return 1;
  }
}
