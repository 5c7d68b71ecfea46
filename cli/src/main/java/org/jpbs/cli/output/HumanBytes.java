package org.jpbs.cli.output;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Byte counts for people, in the style of PBS's {@code HumanByte} (binary units): the largest unit
 * of B, KiB, MiB, GiB, TiB, PiB, EiB whose value is at least 1, up to 3 decimals with trailing
 * zeros dropped, e.g. {@code 1023 → "1023 B"}, {@code 1536 → "1.5 KiB"}.
 *
 * <p>Rounding is half-up on the exact quotient (PBS rounds the {@code f64} quotient; they agree
 * except on values that {@code f64} cannot represent).
 */
public final class HumanBytes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private HumanBytes() {}

  /**
   * Formats {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public static String format(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative byte count: " + bytes);
    }
    int exp = bytes == 0 ? 0 : (63 - Long.numberOfLeadingZeros(bytes)) / 10;
    if (exp == 0) {
      return bytes + " B";
    }
    BigDecimal value =
        new BigDecimal(bytes)
            .divide(new BigDecimal(1L << (10 * exp)))
            .setScale(3, RoundingMode.HALF_UP)
            .stripTrailingZeros();
    return value.toPlainString() + " " + UNITS[exp];
  }

  /** A rate, e.g. {@code "12.5 MiB/s"}; negative or non-finite rates print as {@code "? B/s"}. */
  public static String rate(double bytesPerSecond) {
    if (!(bytesPerSecond >= 0) || Double.isInfinite(bytesPerSecond)) {
      return "? B/s";
    }
    return format(Math.round(Math.min(bytesPerSecond, Long.MAX_VALUE))) + "/s";
  }
}
