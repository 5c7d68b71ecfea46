package org.jpbs.cli.progress;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.HumanDuration;

/**
 * The numbers of one progress phase and their text: percent, amounts, average rate, ETA.
 *
 * <p>Times are milliseconds from the reporter's clock. Not thread-safe (reporters synchronise).
 */
final class PhaseProgress {
  final String phase;
  final long total;
  final String unit;
  final long startMillis;
  long done;

  PhaseProgress(String phase, long total, String unit, long startMillis) {
    this.phase = Objects.requireNonNull(phase, "phase");
    this.unit = Objects.requireNonNull(unit, "unit");
    this.total = total < 0 ? -1 : total;
    this.startMillis = startMillis;
  }

  boolean totalKnown() {
    return total >= 0;
  }

  /** Percent done 0..100 (floor), or -1 when the total is unknown. */
  int percent() {
    if (!totalKnown()) {
      return -1;
    }
    if (total == 0) {
      return 100;
    }
    long d = Math.min(Math.max(done, 0), total);
    return (int) (d * 100.0 / total);
  }

  /** Fraction done 0..1, or -1 when the total is unknown. */
  double fraction() {
    if (!totalKnown()) {
      return -1;
    }
    return total == 0 ? 1.0 : Math.min(Math.max(done, 0), total) / (double) total;
  }

  /** Average units per second since the phase started, or NaN before any time has passed. */
  double rate(long nowMillis) {
    long elapsed = nowMillis - startMillis;
    return elapsed <= 0 ? Double.NaN : done * 1000.0 / elapsed;
  }

  /** Estimated time to completion, or null when it cannot be estimated. */
  Duration eta(long nowMillis) {
    double rate = rate(nowMillis);
    if (!totalKnown() || !(rate > 0)) {
      return null;
    }
    double seconds = Math.max(0, total - done) / rate;
    return seconds > 1e9 ? null : Duration.ofMillis((long) (seconds * 1000));
  }

  Duration elapsed(long nowMillis) {
    return Duration.ofMillis(Math.max(0, nowMillis - startMillis));
  }

  /** {@code "450/1000 chunks"}, {@code "1.2 GiB/2 GiB"}, or {@code "450 chunks"} without total. */
  String amounts() {
    if (ProgressReporter.BYTES.equals(unit)) {
      String d = HumanBytes.format(Math.max(0, done));
      return totalKnown() ? d + "/" + HumanBytes.format(total) : d;
    }
    return (totalKnown() ? done + "/" + total : Long.toString(done)) + " " + unit;
  }

  /**
   * {@code "120 chunks/s"}, {@code "12.5 MiB/s"}, or {@code "? chunks/s"} before any time passed.
   */
  String rateText(long nowMillis) {
    double r = rate(nowMillis);
    if (ProgressReporter.BYTES.equals(unit)) {
      return HumanBytes.rate(r);
    }
    if (Double.isNaN(r)) {
      return "? " + unit + "/s";
    }
    return (r >= 100
            ? String.format(Locale.ROOT, "%.0f", r)
            : String.format(Locale.ROOT, "%.1f", r))
        + " "
        + unit
        + "/s";
  }

  /** {@code "ETA 4m05s"}, or {@code "ETA ?"}. */
  String etaText(long nowMillis) {
    Duration eta = eta(nowMillis);
    return "ETA " + (eta == null ? "?" : HumanDuration.compact(eta));
  }
}
