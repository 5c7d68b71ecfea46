package org.jpbs.cli.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.InstantSource;
import org.jpbs.cli.output.HumanBytes;

/**
 * Progress of a long command (backup, restore, verify, gc) for a person watching stderr.
 *
 * <p>Life cycle: {@link #start} a phase, {@link #update} it with the cumulative amount done, then
 * {@link #finish} it; repeat for the next phase. {@link #close()} ends an unfinished phase without
 * claiming it completed (use try-with-resources so a failure leaves the terminal on a fresh line);
 * it is idempotent. Starting a phase while one is active finishes the active one.
 *
 * <p>Thread safety: all methods may be called from any thread and are serialised; with several
 * workers, aggregate into one counter (e.g. a {@code LongAdder}) and pass its sum to {@link
 * #update}. Implementations throttle output themselves, so calling {@link #update} per item is
 * fine.
 */
public interface ProgressReporter extends AutoCloseable {
  /** Unit name for byte quantities: amounts and rates print as {@link HumanBytes}. */
  String BYTES = "B";

  /**
   * Begins a phase.
   *
   * @param phase short name shown with every line, e.g. {@code "mark"}
   * @param total units to do, or -1 if unknown
   * @param unit unit name, e.g. {@code "chunks"}, or {@link #BYTES}
   */
  void start(String phase, long total, String unit);

  /** Reports the cumulative number of units done in the current phase (ignored if none). */
  void update(long done);

  /** Marks the current phase complete and prints its summary (no-op if no phase is active). */
  void finish();

  /**
   * Runs {@code print}, which writes whole lines to the terminal (a log line, a warning), so that
   * they do not collide with the progress display: a bar is cleared first and redrawn after.
   */
  default void printAbove(Runnable print) {
    print.run();
  }

  /** Ends an unfinished phase without a completion summary; idempotent. */
  @Override
  void close();

  /** Prints nothing. */
  static ProgressReporter none() {
    return NoProgress.INSTANCE;
  }

  /**
   * A bar redrawn in place on a terminal with carriage returns, at most every 100 ms.
   *
   * @param width terminal width in columns (lines are kept one shorter to avoid wrapping)
   */
  static ProgressReporter tty(PrintWriter err, InstantSource clock, int width) {
    return new TtyProgressBar(err, clock, width);
  }

  /**
   * Plain lines for logs and pipes: one at the start, at most one per {@code interval} (at a new 10
   * % step, or a heartbeat when a step takes long), and a summary at the end.
   */
  static ProgressReporter plain(PrintWriter err, InstantSource clock, Duration interval) {
    return new PlainProgressLines(err, clock, interval);
  }
}
