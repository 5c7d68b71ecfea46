package org.jpbs.cli.output;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations for people, at the precision that matters: {@code "350 ms"}, {@code "12.3 s"}, {@code
 * "4m 05s"}, {@code "2h 03m 04s"}, {@code "3d 02h 03m"}.
 */
public final class HumanDuration {
  private HumanDuration() {}

  /**
   * Formats {@code d}.
   *
   * @throws IllegalArgumentException if {@code d} is negative
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + d);
    }
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", Math.floor(ms / 100.0) / 10.0);
    }
    long s = d.getSeconds();
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dd %02dh %02dm", s / 86_400, s / 3600 % 24, s / 60 % 60);
  }

  /** Compact form for ETAs: whole seconds, {@code "45s"}, {@code "4m05s"}, {@code "2h03m"}. */
  public static String compact(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
    }
    return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s / 3600 % 24);
  }
}
