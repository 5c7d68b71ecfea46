package org.jpbs.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The one fake clock of the tests: an {@link InstantSource} that moves only when told to. Safe to
 * read from other threads (the GC's workers read it while the test advances it).
 */
public final class FakeClock implements InstantSource {
  /** Where a clock created without a start begins. */
  public static final Instant DEFAULT_START = Instant.parse("2026-11-24T12:00:00Z");

  private volatile Instant now;

  private FakeClock(Instant start) {
    this.now = start;
  }

  /** A clock standing at {@link #DEFAULT_START}. */
  public static FakeClock create() {
    return new FakeClock(DEFAULT_START);
  }

  /** A clock standing at {@code start}. */
  public static FakeClock at(Instant start) {
    return new FakeClock(start);
  }

  /** A clock standing at {@code epochSeconds}. */
  public static FakeClock atEpochSecond(long epochSeconds) {
    return new FakeClock(Instant.ofEpochSecond(epochSeconds));
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves the clock by {@code d} (may be negative: a clock step backwards). */
  public synchronized FakeClock advance(Duration d) {
    now = now.plus(d);
    return this;
  }

  /** Moves the clock by {@code seconds}. */
  public FakeClock advanceSeconds(long seconds) {
    return advance(Duration.ofSeconds(seconds));
  }

  /** Moves the clock by {@code ms} milliseconds. */
  public FakeClock advanceMillis(long ms) {
    return advance(Duration.ofMillis(ms));
  }

  /** Sets the clock to {@code t}. */
  public FakeClock set(Instant t) {
    now = t;
    return this;
  }

  /** Sets the clock to {@code epochSeconds}. */
  public FakeClock setEpochSecond(long epochSeconds) {
    return set(Instant.ofEpochSecond(epochSeconds));
  }
}
