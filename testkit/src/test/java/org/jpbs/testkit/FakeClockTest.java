package org.jpbs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FakeClockTest {
  @Test
  void movesOnlyWhenTold() {
    FakeClock c = FakeClock.create();
    assertThat(c.instant()).isEqualTo(FakeClock.DEFAULT_START);
    assertThat(c.instant()).isEqualTo(FakeClock.DEFAULT_START);
    c.advance(Duration.ofSeconds(5)).advanceMillis(250);
    assertThat(c.instant()).isEqualTo(FakeClock.DEFAULT_START.plusMillis(5250));
    c.setEpochSecond(1000);
    assertThat(c.instant()).isEqualTo(Instant.ofEpochSecond(1000));
    assertThat(FakeClock.atEpochSecond(7).millis()).isEqualTo(7000);
  }
}
