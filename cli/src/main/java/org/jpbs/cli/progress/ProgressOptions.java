package org.jpbs.cli.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.jpbs.cli.Converters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Mixin giving a subcommand {@code --progress=auto|tty|plain|none} and {@code --no-progress}, and
 * the matching {@link ProgressReporter} on stderr.
 *
 * <p>{@code auto} (the default) draws the bar when stderr is a terminal and {@code TERM} is not
 * {@code dumb}, else prints plain lines. Whether stderr is a terminal is read from {@code
 * /proc/self/fd/2} on Linux ({@link System#console()} only describes stdin and stdout, and progress
 * goes to stderr); elsewhere {@code System.console() != null} is the best available guess. The bar
 * width is {@code $COLUMNS}, else 80.
 */
public final class ProgressOptions {
  /** How progress is shown. */
  public enum Mode {
    AUTO,
    TTY,
    PLAIN,
    NONE
  }

  /** Least interval between plain progress lines (see {@link PlainProgressLines}). */
  static final Duration PLAIN_INTERVAL = Duration.ofSeconds(10);

  static final int DEFAULT_WIDTH = 80;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      converter = Converters.ProgressMode.class,
      completionCandidates = Converters.ProgressMode.class,
      description =
          "Progress on stderr: auto (bar on a terminal, else plain lines), tty, plain or none."
              + " Default: ${DEFAULT-VALUE}.")
  Mode mode = Mode.AUTO;

  @Option(names = "--no-progress", description = "Same as --progress=none.")
  boolean noProgress;

  /**
   * The reporter for this invocation, on the command's {@code clock} and the command line's stderr.
   */
  public ProgressReporter reporter(InstantSource clock) {
    var err = mixee.commandLine().getErr();
    Map<String, String> env = System.getenv();
    switch (choose(mode, noProgress, stderrIsTerminal(), env.get("TERM"))) {
      case TTY:
        ProgressReporter bar = ProgressReporter.tty(err, clock, width(env.get("COLUMNS")));
        // On Ctrl-C the JVM runs shutdown hooks only: end the bar's line so the shell prompt
        // (and any error line) starts on a fresh line. close() is idempotent.
        Runtime.getRuntime().addShutdownHook(new Thread(bar::close, "jpbs-progress-close"));
        return bar;
      case PLAIN:
        return ProgressReporter.plain(err, clock, PLAIN_INTERVAL);
      default:
        return ProgressReporter.none();
    }
  }

  /** The effective mode: never AUTO. */
  static Mode choose(Mode mode, boolean noProgress, boolean stderrTerminal, String term) {
    if (noProgress || mode == Mode.NONE) {
      return Mode.NONE;
    }
    if (mode != Mode.AUTO) {
      return mode;
    }
    return stderrTerminal && !"dumb".equals(term) ? Mode.TTY : Mode.PLAIN;
  }

  /** Terminal width from {@code $COLUMNS} (clamped to 20..1000), else {@link #DEFAULT_WIDTH}. */
  static int width(String columns) {
    if (columns != null) {
      try {
        return Math.min(1000, Math.max(20, Integer.parseInt(columns.trim())));
      } catch (NumberFormatException e) {
        // not a number: use the default
      }
    }
    return DEFAULT_WIDTH;
  }

  /** True if file descriptor 2 is a terminal (see class doc for how this is decided). */
  static boolean stderrIsTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd2)) {
      try {
        return isTerminalDevice(Files.readSymbolicLink(fd2).toString());
      } catch (IOException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  /** True for the device paths of terminals: pseudo-terminals, virtual and serial consoles. */
  public static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/")
        || target.startsWith("/dev/tty")
        || target.equals("/dev/console");
  }
}
