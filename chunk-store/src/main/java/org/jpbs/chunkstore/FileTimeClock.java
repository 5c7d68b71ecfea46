package org.jpbs.chunkstore;

import com.sun.jna.Memory;
import java.time.Instant;
import java.time.InstantSource;
import org.jpbs.posix.LibC;

/**
 * The clock Linux stamps file times with: {@code CLOCK_REALTIME_COARSE}, which lags {@code
 * CLOCK_REALTIME} ({@link InstantSource#system()}) by up to one timer tick. A chunk touched just
 * after {@code InstantSource.system()} read {@code 12:00:00.001} can therefore get the atime {@code
 * 11:59:59.998}; a cutoff taken from this clock is never later than the atime of a touch made after
 * reading it.
 *
 * <p>Without the native binding it returns the system time minus {@link #FALLBACK_LAG} (earlier is
 * the safe direction for a GC's phase-1 start). Thread-safe.
 */
public final class FileTimeClock implements InstantSource {
  /**
   * Subtracted from the system time when {@code clock_gettime} is not available (≥ 1 tick at
   * HZ=100).
   */
  static final long FALLBACK_LAG_MILLIS = 20;

  /** The process-wide instance. */
  public static final FileTimeClock INSTANCE = new FileTimeClock();

  private static final ThreadLocal<Memory> TIMESPEC = ThreadLocal.withInitial(() -> new Memory(16));

  private FileTimeClock() {}

  @Override
  public Instant instant() {
    if (LibC.AVAILABLE) {
      Memory ts = TIMESPEC.get();
      if (LibC.clock_gettime(LibC.CLOCK_REALTIME_COARSE, Memory.nativeValue(ts)) == 0) {
        return Instant.ofEpochSecond(ts.getLong(0), ts.getLong(8));
      }
    }
    return Instant.now().minusMillis(FALLBACK_LAG_MILLIS);
  }
}
