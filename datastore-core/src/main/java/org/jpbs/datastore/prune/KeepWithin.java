package org.jpbs.datastore.prune;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jpbs extension, restic {@code --keep-within}: a calendar duration {@code NyNmNdNh} (each unit at
 * most once, any subset, e.g. {@code 1y2m3d4h}, {@code 36h}).
 *
 * <p>As in restic, the window is anchored at the newest snapshot, not at "now": a snapshot is kept
 * iff its time is strictly after {@code newest − duration}, where years, months and days are
 * subtracted on the local calendar of the prune time zone and hours as elapsed time. Java clamps
 * month ends (Mar 31 − 1m = Feb 28/29) where Go normalises (Mar 3): a difference of at most 3 days
 * at month ends, in the direction of keeping more.
 *
 * @param years years
 * @param months months
 * @param days days
 * @param hours hours
 */
public record KeepWithin(int years, int months, int days, int hours) {
  private static final Pattern PART = Pattern.compile("([0-9]{1,9})([ymdh])");

  /** Validates that no component is negative. */
  public KeepWithin {
    if (years < 0 || months < 0 || days < 0 || hours < 0) {
      throw new IllegalArgumentException("keep-within components must not be negative");
    }
  }

  /** Parses {@code 1y2m3d4h}-style text. */
  public static KeepWithin parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = PART.matcher(text);
    int[] v = {-1, -1, -1, -1};
    int pos = 0;
    while (pos < text.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException(
            "invalid keep-within duration '" + text + "': expected e.g. 1y2m3d4h");
      }
      int unit = "ymdh".indexOf(m.group(2).charAt(0));
      if (v[unit] >= 0) {
        throw new IllegalArgumentException(
            "invalid keep-within duration '" + text + "': unit '" + m.group(2) + "' given twice");
      }
      v[unit] = Integer.parseInt(m.group(1));
      pos = m.end();
    }
    if (pos == 0) {
      throw new IllegalArgumentException("empty keep-within duration");
    }
    return new KeepWithin(
        Math.max(v[0], 0), Math.max(v[1], 0), Math.max(v[2], 0), Math.max(v[3], 0));
  }

  /** Returns whether the duration is zero (keeps nothing). */
  public boolean isZero() {
    return years == 0 && months == 0 && days == 0 && hours == 0;
  }

  /** Returns {@code newest − this}: snapshots strictly after it are kept. */
  public Instant cutoff(Instant newest, ZoneId zone) {
    return newest
        .atZone(zone)
        .minusYears(years)
        .minusMonths(months)
        .minusDays(days)
        .toInstant()
        .minusSeconds(3600L * hours);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (years > 0) {
      sb.append(years).append('y');
    }
    if (months > 0) {
      sb.append(months).append('m');
    }
    if (days > 0) {
      sb.append(days).append('d');
    }
    if (hours > 0 || sb.length() == 0) {
      sb.append(hours).append('h');
    }
    return sb.toString();
  }
}
