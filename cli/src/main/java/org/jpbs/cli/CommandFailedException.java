package org.jpbs.cli;

import java.util.Objects;

/**
 * A subcommand's own failure with a chosen exit code and an optional hint, for conditions the
 * command detects itself (e.g. "datastore /x is not initialised", hint "run 'jpbs init /x'").
 *
 * <p>Library failures should be thrown as they are (typed exceptions mapped by {@link ExitCodes});
 * wrap them only to add a command-specific hint, passing them as the cause.
 */
public final class CommandFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final String hint;

  /**
   * @param exitCode one of the {@link ExitCodes} constants (1..255)
   * @param message what failed, naming the file when there is one
   * @param hint what the user can do, or null
   */
  public CommandFailedException(int exitCode, String message, String hint) {
    this(exitCode, message, hint, null);
  }

  /** As {@link #CommandFailedException(int, String, String)}, with the underlying cause. */
  public CommandFailedException(int exitCode, String message, String hint, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    if (exitCode < 1 || exitCode > 255) {
      throw new IllegalArgumentException("exit code must be in 1..255, got " + exitCode);
    }
    this.exitCode = exitCode;
    this.hint = hint;
  }

  /** The process exit code. */
  public int exitCode() {
    return exitCode;
  }

  /** What the user can do about it, or null. */
  public String hint() {
    return hint;
  }
}
