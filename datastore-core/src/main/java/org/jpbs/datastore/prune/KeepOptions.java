package org.jpbs.datastore.prune;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * PBS {@code KeepOptions} (each count optional; 0 is allowed and means "stop at the first
 * candidate", as {@code compute_prune_info} does) plus the jpbs {@link KeepWithin} extension.
 * Immutable; the {@code withX} methods return copies.
 */
public final class KeepOptions {
  private static final long UNSET = -1;
  private static final KeepOptions NONE =
      new KeepOptions(new long[] {UNSET, UNSET, UNSET, UNSET, UNSET, UNSET}, null);

  /** The rules in PBS's fixed application order. */
  enum Rule {
    LAST,
    HOURLY,
    DAILY,
    WEEKLY,
    MONTHLY,
    YEARLY
  }

  private final long[] counts;
  private final KeepWithin within;

  private KeepOptions(long[] counts, KeepWithin within) {
    this.counts = counts;
    this.within = within;
  }

  /** Returns options with nothing set (prune then keeps everything). */
  public static KeepOptions none() {
    return NONE;
  }

  private KeepOptions with(Rule rule, long n) {
    if (n < 0) {
      throw new IllegalArgumentException(
          "keep-" + rule.name().toLowerCase(java.util.Locale.ROOT) + " must not be negative: " + n);
    }
    long[] c = counts.clone();
    c[rule.ordinal()] = n;
    return new KeepOptions(c, within);
  }

  /** Returns a copy with {@code keep-last = n}. */
  public KeepOptions withLast(long n) {
    return with(Rule.LAST, n);
  }

  /** Returns a copy with {@code keep-hourly = n}. */
  public KeepOptions withHourly(long n) {
    return with(Rule.HOURLY, n);
  }

  /** Returns a copy with {@code keep-daily = n}. */
  public KeepOptions withDaily(long n) {
    return with(Rule.DAILY, n);
  }

  /** Returns a copy with {@code keep-weekly = n}. */
  public KeepOptions withWeekly(long n) {
    return with(Rule.WEEKLY, n);
  }

  /** Returns a copy with {@code keep-monthly = n}. */
  public KeepOptions withMonthly(long n) {
    return with(Rule.MONTHLY, n);
  }

  /** Returns a copy with {@code keep-yearly = n}. */
  public KeepOptions withYearly(long n) {
    return with(Rule.YEARLY, n);
  }

  /** Returns a copy with the jpbs {@code keep-within} extension. */
  public KeepOptions withWithin(KeepWithin w) {
    return new KeepOptions(counts, Objects.requireNonNull(w, "within"));
  }

  /**
   * Returns a copy with the option named by its PBS API name ({@code keep-last} … {@code
   * keep-yearly}) set to {@code n}.
   */
  public KeepOptions with(String apiName, long n) {
    for (Rule r : Rule.values()) {
      if (apiName.equals("keep-" + r.name().toLowerCase(java.util.Locale.ROOT))) {
        return with(r, n);
      }
    }
    throw new IllegalArgumentException("unknown keep option '" + apiName + "'");
  }

  OptionalLong count(Rule rule) {
    long v = counts[rule.ordinal()];
    return v == UNSET ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /** Returns {@code keep-last}. */
  public OptionalLong last() {
    return count(Rule.LAST);
  }

  /** Returns {@code keep-hourly}. */
  public OptionalLong hourly() {
    return count(Rule.HOURLY);
  }

  /** Returns {@code keep-daily}. */
  public OptionalLong daily() {
    return count(Rule.DAILY);
  }

  /** Returns {@code keep-weekly}. */
  public OptionalLong weekly() {
    return count(Rule.WEEKLY);
  }

  /** Returns {@code keep-monthly}. */
  public OptionalLong monthly() {
    return count(Rule.MONTHLY);
  }

  /** Returns {@code keep-yearly}. */
  public OptionalLong yearly() {
    return count(Rule.YEARLY);
  }

  /** Returns the {@code keep-within} extension. */
  public Optional<KeepWithin> within() {
    return Optional.ofNullable(within);
  }

  /**
   * PBS {@code keeps_something}: the sum of the set counts is positive (or keep-within is a
   * non-zero duration). When false, applying prune keeps every snapshot.
   */
  public boolean keepsSomething() {
    long sum = 0;
    for (long c : counts) {
      if (c > 0) {
        sum += c;
      }
    }
    return sum > 0 || (within != null && !within.isZero());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeepOptions
        && java.util.Arrays.equals(((KeepOptions) o).counts, counts)
        && Objects.equals(((KeepOptions) o).within, within);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(counts) * 31 + Objects.hashCode(within);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("KeepOptions[");
    for (Rule r : Rule.values()) {
      count(r)
          .ifPresent(
              n ->
                  sb.append(sb.length() > 12 ? ", " : "")
                      .append("keep-")
                      .append(r.name().toLowerCase(java.util.Locale.ROOT))
                      .append('=')
                      .append(n));
    }
    if (within != null) {
      sb.append(sb.length() > 12 ? ", " : "").append("keep-within=").append(within);
    }
    return sb.append(']').toString();
  }
}
