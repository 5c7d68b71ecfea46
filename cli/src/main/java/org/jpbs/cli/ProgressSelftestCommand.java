package org.jpbs.cli;

import java.util.concurrent.Callable;
import org.jpbs.cli.progress.ProgressOptions;
import org.jpbs.cli.progress.ProgressReporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Hidden {@code jpbs progress-selftest}: drives the progress reporter over a fake workload with the
 * real clock, so a terminal test can watch the bar (or the plain lines) without a datastore.
 */
@Command(
    name = "progress-selftest",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Show progress for a fake workload (for terminal tests).")
final class ProgressSelftestCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  ProgressSelftestCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;

  @Mixin ProgressOptions progress;

  @Option(names = "--seconds", defaultValue = "3", description = "Duration of the fake work.")
  double seconds;

  @Option(names = "--total", defaultValue = "100", description = "Units of fake work.")
  long total;

  @Option(names = "--phase", defaultValue = "selftest", description = "Phase name to show.")
  String phase;

  @Option(names = "--unit", defaultValue = "items", description = "Unit name ('B' for bytes).")
  String unit;

  @Override
  public Integer call() throws InterruptedException {
    if (total < 1 || !(seconds >= 0) || seconds > 3600) {
      throw new ParameterException(
          spec.commandLine(), "need --total >= 1 and --seconds in 0..3600");
    }
    long stepNanos = (long) (seconds * 1e9 / total);
    try (ProgressReporter p = progress.reporter(context.clock())) {
      p.start(phase, total, unit);
      for (long i = 1; i <= total; i++) {
        Thread.sleep(stepNanos / 1_000_000, (int) (stepNanos % 1_000_000));
        p.update(i);
      }
      p.finish();
    }
    return ExitCodes.OK;
  }
}
