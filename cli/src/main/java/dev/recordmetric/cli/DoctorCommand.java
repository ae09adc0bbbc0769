package dev.recordmetric.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "doctor", mixinStandardHelpOptions = true)
final class DoctorCommand implements Callable<Integer> {
  private final Io io;

  DoctorCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    io.out().println("todo");
    return 1;
  }
}
