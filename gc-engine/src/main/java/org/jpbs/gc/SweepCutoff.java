package org.jpbs.gc;

import java.time.Duration;

/**
 * The sweep cutoff {@code min_atime} of PBS ≥ 3.3.7 (spec §4.1), as a pure function.
 *
 * <pre>
 * min_atime = phase1_start - cutoff                      (cutoff default 24 h 5 min)
 * if oldest_writer &lt; min_atime: min_atime = oldest_writer - 5 min
 * </pre>
 *
 * <p>24 h covers {@code relatime} (a read may leave atime up to a day stale), the extra 5 min
 * covers clock granularity; a writer older than that pulls the cutoff back before its start so that
 * every chunk it inserted or touched survives.
 */
public final class SweepCutoff {
  /** The relatime window PBS assumes. */
  public static final Duration RELATIME_WINDOW = Duration.ofHours(24);

  /** The safety margin PBS adds to the window and subtracts from an old writer's start. */
  public static final Duration SAFETY_MARGIN = Duration.ofMinutes(5);

  /** The default cutoff: {@code RELATIME_WINDOW + SAFETY_MARGIN} = 1445 minutes. */
  public static final Duration DEFAULT_CUTOFF = RELATIME_WINDOW.plus(SAFETY_MARGIN);

  /** Largest cutoff PBS's tuning accepts ({@code gc-atime-cutoff} = 2880 minutes). */
  public static final Duration MAX_CUTOFF = Duration.ofMinutes(2880);

  private SweepCutoff() {}

  /**
   * A cutoff as the CLI's {@code --cutoff} takes it: hours, minutes, seconds without zero parts,
   * e.g. {@code "24h5m"}, {@code "48h"}, {@code "1m30s"}; {@code "0s"} for zero.
   */
  public static String format(Duration cutoff) {
    long s = Math.abs(cutoff.toSeconds());
    StringBuilder b = new StringBuilder(cutoff.isNegative() ? "-" : "");
    if (s >= 3600) {
      b.append(s / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      b.append(s % 3600 / 60).append('m');
    }
    if (s % 60 != 0 || s == 0) {
      b.append(s % 60).append('s');
    }
    return b.toString();
  }

  /**
   * @param phase1StartEpoch GC phase 1 start, epoch seconds
   * @param oldestWriterEpoch start of the oldest active writer, or {@code phase1StartEpoch} if none
   * @param cutoff the configured cutoff (must not be negative)
   * @return {@code min_atime} in epoch seconds: chunks with an older atime are removed
   */
  public static long minAtime(long phase1StartEpoch, long oldestWriterEpoch, Duration cutoff) {
    if (cutoff.isNegative()) {
      throw new IllegalArgumentException("cutoff must not be negative: " + cutoff);
    }
    long minAtime = phase1StartEpoch - cutoff.toSeconds();
    if (oldestWriterEpoch < minAtime) {
      minAtime = oldestWriterEpoch - SAFETY_MARGIN.toSeconds();
    }
    return minAtime;
  }
}
