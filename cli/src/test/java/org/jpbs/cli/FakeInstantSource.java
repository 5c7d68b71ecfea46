package org.jpbs.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that only moves when told to. */
public final class FakeInstantSource implements InstantSource {
  private Instant now = Instant.parse("2026-11-24T12:00:00Z");

  @Override
  public Instant instant() {
    return now;
  }

  FakeInstantSource advance(Duration d) {
    now = now.plus(d);
    return this;
  }

  public FakeInstantSource advanceMillis(long ms) {
    return advance(Duration.ofMillis(ms));
  }
}
