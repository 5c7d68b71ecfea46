package org.jpbs.s3.gc;

import java.time.Duration;
import java.time.Instant;
import org.jpbs.gc.GcSafetyException;

/**
 * The store's clock against the host's, measured once per GC from the {@code Date} header of the
 * sweep's first ListObjectsV2 response: the header was stamped at some host time between {@code
 * before} and {@code after} (the request's start and end), in whole seconds, so the skew {@code
 * store - host} lies in {@code [date - after, date + 1 - before]}. {@link #hostSeconds} converts an
 * object's {@code LastModified} to host seconds with the bound that makes the object look
 * <em>younger</em>, never older: the sweep errs toward keeping.
 *
 * <p>A skew beyond {@code maxSkew} (either way) refuses the GC: a clock that far off (host or
 * store) is broken, and the cutoff's margins (5 min) assume working clocks.
 *
 * @param skewLow the lower bound of {@code store - host}, seconds
 * @param skewHigh the upper bound, seconds
 */
public record StoreClock(long skewLow, long skewHigh) {
  /** The default bound on the measured skew (PBS's safety margin). */
  public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(5);

  /**
   * Measures from one response.
   *
   * @throws GcSafetyException if the response has no date or the skew exceeds {@code maxSkew}
   */
  public static StoreClock measure(
      Instant before, Instant serverDate, Instant after, Duration maxSkew, String endpoint)
      throws GcSafetyException {
    if (serverDate == null) {
      throw new GcSafetyException(
          "S3 GC refused: "
              + endpoint
              + " sent no Date header, so the store's clock cannot be compared with this host's");
    }
    long date = serverDate.getEpochSecond();
    long afterCeil = after.getEpochSecond() + (after.getNano() > 0 ? 1 : 0);
    StoreClock c = new StoreClock(date - afterCeil, date + 1 - before.getEpochSecond());
    long worst = Math.max(Math.abs(c.skewLow), Math.abs(c.skewHigh));
    if (worst > maxSkew.toSeconds()) {
      throw new GcSafetyException(
          "S3 GC refused: the clock of "
              + endpoint
              + " differs from this host's by "
              + c.describe()
              + ", more than the allowed "
              + maxSkew.toSeconds()
              + " s; fix the clocks (NTP) first");
    }
    return c;
  }

  /**
   * The latest host time (whole seconds) at which an object stamped {@code lastModified} by the
   * store can have been written: sub-second stamps round up, the skew's lower bound is subtracted.
   */
  public long hostSeconds(Instant lastModified) {
    long s = lastModified.getEpochSecond() + (lastModified.getNano() > 0 ? 1 : 0);
    return s - skewLow;
  }

  /** E.g. {@code "-1..+1 s"}. */
  public String describe() {
    return String.format("%+d..%+d s", skewLow, skewHigh);
  }
}
