package org.jpbs.cli.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.HumanDuration;

/**
 * {@link ProgressReporter} for logs and pipes: whole lines, never control characters. Prints a line
 * when a phase starts and a summary when it finishes; in between at most one line per {@code
 * interval} (10 s in the CLI): when the phase has reached another 10 % step, or, while no step is
 * reached, every {@value #HEARTBEAT_INTERVALS} intervals (so a very slow phase still shows it is
 * alive); a phase with an unknown total prints every interval. A phase shorter than the interval
 * prints just its start and summary.
 */
final class PlainProgressLines implements ProgressReporter {
  /** Intervals without a new 10 % step after which a line is printed anyway. */
  static final int HEARTBEAT_INTERVALS = 6;

  private final PrintWriter err;
  private final InstantSource clock;
  private final long intervalMillis;
  private PhaseProgress current;
  private long lastLineMillis;
  private int lastDecile;

  PlainProgressLines(PrintWriter err, InstantSource clock, Duration interval) {
    this.err = Objects.requireNonNull(err, "err");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    this.intervalMillis = interval.toMillis();
  }

  @Override
  public synchronized void start(String phase, long total, String unit) {
    finish();
    current = new PhaseProgress(phase, total, unit, clock.millis());
    lastLineMillis = current.startMillis;
    lastDecile = 0;
    String size =
        !current.totalKnown()
            ? "total unknown"
            : ProgressReporter.BYTES.equals(unit) ? HumanBytes.format(total) : total + " " + unit;
    println(phase + ": started (" + size + ")");
  }

  @Override
  public synchronized void update(long done) {
    if (current == null) {
      return;
    }
    current.done = done;
    long now = clock.millis();
    long since = now - lastLineMillis;
    if (since < intervalMillis) {
      return;
    }
    int decile = current.totalKnown() ? current.percent() / 10 : 0;
    boolean stepReached = decile > lastDecile && current.percent() < 100;
    if (current.totalKnown() && !stepReached && since < HEARTBEAT_INTERVALS * intervalMillis) {
      return;
    }
    lastLineMillis = now;
    lastDecile = Math.max(lastDecile, decile);
    PhaseProgress p = current;
    String pct = p.totalKnown() ? p.percent() + "% " : "";
    println(
        p.phase
            + ": "
            + pct
            + p.amounts()
            + ", "
            + p.rateText(now)
            + (p.totalKnown() ? ", " + p.etaText(now) : ""));
  }

  @Override
  public synchronized void finish() {
    if (current == null) {
      return;
    }
    long now = clock.millis();
    PhaseProgress p = current;
    println(
        p.phase
            + ": done, "
            + p.amounts()
            + " in "
            + HumanDuration.format(p.elapsed(now))
            + " ("
            + p.rateText(now)
            + ")");
    current = null;
  }

  @Override
  public synchronized void close() {
    if (current == null) {
      return;
    }
    PhaseProgress p = current;
    println(p.phase + ": stopped at " + (p.totalKnown() ? p.percent() + "% " : "") + p.amounts());
    current = null;
  }

  private void println(String line) {
    err.println(line);
    err.flush();
  }
}
