package org.jpbs.cli.progress;

import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import org.jpbs.cli.output.HumanDuration;

/**
 * {@link ProgressReporter} drawing one line redrawn in place with {@code \r}: phase, percent, bar,
 * amounts, rate, ETA; at most one redraw per {@link #MIN_REDRAW_MILLIS}.
 */
final class TtyProgressBar implements ProgressReporter {
  static final long MIN_REDRAW_MILLIS = 100;
  private static final int MIN_BAR = 10;

  private final PrintWriter err;
  private final InstantSource clock;
  private final int width;
  private PhaseProgress current;
  private long lastDrawMillis;
  private int lastLength;

  TtyProgressBar(PrintWriter err, InstantSource clock, int width) {
    this.err = Objects.requireNonNull(err, "err");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (width < 20) {
      throw new IllegalArgumentException("terminal width must be >= 20, got " + width);
    }
    this.width = width;
  }

  @Override
  public synchronized void start(String phase, long total, String unit) {
    finish();
    current = new PhaseProgress(phase, total, unit, clock.millis());
    lastLength = 0;
    draw(current.startMillis);
  }

  @Override
  public synchronized void update(long done) {
    if (current == null) {
      return;
    }
    current.done = done;
    long now = clock.millis();
    if (now - lastDrawMillis >= MIN_REDRAW_MILLIS || now < lastDrawMillis) {
      draw(now);
    }
  }

  @Override
  public synchronized void finish() {
    if (current == null) {
      return;
    }
    long now = clock.millis();
    redraw(summary(now));
    err.print('\n');
    err.flush();
    current = null;
  }

  @Override
  public synchronized void printAbove(Runnable print) {
    if (current == null) {
      print.run();
      return;
    }
    err.print('\r' + " ".repeat(lastLength) + '\r');
    err.flush();
    lastLength = 0;
    print.run();
    draw(clock.millis());
  }

  @Override
  public synchronized void close() {
    if (current == null) {
      return;
    }
    err.print('\n');
    err.flush();
    current = null;
  }

  private void draw(long now) {
    lastDrawMillis = now;
    redraw(line(now));
  }

  private void redraw(String line) {
    String text = fit(line);
    int pad = Math.max(0, lastLength - text.length());
    err.print('\r' + text + " ".repeat(pad));
    err.flush();
    lastLength = text.length();
  }

  /** The bar line for the current state at {@code now}. */
  String line(long now) {
    PhaseProgress p = current;
    String tail =
        p.amounts() + "  " + p.rateText(now) + (p.totalKnown() ? "  " + p.etaText(now) : "");
    if (!p.totalKnown()) {
      return p.phase + "  " + tail;
    }
    String head = p.phase + String.format(Locale.ROOT, " %3d%% ", p.percent());
    int barWidth = (width - 1) - head.length() - tail.length() - 3;
    if (barWidth < MIN_BAR) {
      return head + tail;
    }
    int filled = (int) Math.round(p.fraction() * barWidth);
    return head + "[" + "#".repeat(filled) + "-".repeat(barWidth - filled) + "] " + tail;
  }

  private String summary(long now) {
    PhaseProgress p = current;
    return p.phase
        + (p.totalKnown() ? String.format(Locale.ROOT, " %3d%% ", p.percent()) : "  ")
        + p.amounts()
        + " in "
        + HumanDuration.format(p.elapsed(now))
        + "  "
        + p.rateText(now);
  }

  private String fit(String s) {
    return s.length() <= width - 1 ? s : s.substring(0, width - 1);
  }
}
