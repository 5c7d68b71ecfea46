package org.jpbs.gc.state;

import java.time.Instant;
import java.time.InstantSource;

/** Settable clock for tests. */
final class TestClock implements InstantSource {
  private volatile Instant now;

  TestClock(long epochSeconds) {
    this.now = Instant.ofEpochSecond(epochSeconds);
  }

  void set(long epochSeconds) {
    now = Instant.ofEpochSecond(epochSeconds);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
