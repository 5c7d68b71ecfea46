package org.jpbs.cli;

import java.time.InstantSource;
import java.util.Objects;

/**
 * What {@link Main} hands every subcommand that needs it (through its constructor): the one clock
 * of the process and the exception-type → exit-code registry. Nothing below {@code Main} creates a
 * clock or builds the registry itself.
 *
 * @param clock the process's clock ({@link InstantSource#system()} in production, fake in tests)
 * @param exitCodes the registry that also maps the command line's errors
 */
public record CommandContext(InstantSource clock, ExitCodes exitCodes) {
  /** Checks that neither part is null. */
  public CommandContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(exitCodes, "exitCodes");
  }
}
