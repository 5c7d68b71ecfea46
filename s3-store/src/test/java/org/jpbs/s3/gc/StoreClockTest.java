package org.jpbs.s3.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.jpbs.gc.GcSafetyException;
import org.junit.jupiter.api.Test;

class StoreClockTest {
  private static final Duration BOUND = Duration.ofMinutes(5);

  private static StoreClock measure(String before, String date, String after) throws Exception {
    return StoreClock.measure(
        Instant.parse(before), Instant.parse(date), Instant.parse(after), BOUND, "http://s3");
  }

  @Test
  void sameClockGivesAOneSecondBracketAroundZero() throws Exception {
    StoreClock c =
        measure("2026-01-01T00:00:10.200Z", "2026-01-01T00:00:10Z", "2026-01-01T00:00:10.300Z");
    assertEquals(-1, c.skewLow()); // the header may be stamped 0.3 s before the request ended
    assertEquals(1, c.skewHigh());
    // an object written at host 09.5 (store stamp 09.5) counts as written at 11 at the latest
    assertEquals(
        Instant.parse("2026-01-01T00:00:11Z").getEpochSecond(),
        c.hostSeconds(Instant.parse("2026-01-01T00:00:09.500Z")));
  }

  @Test
  void aStoreAheadMakesObjectsOlderInHostTimeButNeverOlderThanTheyAre() throws Exception {
    StoreClock c = measure("2026-01-01T00:00:10Z", "2026-01-01T00:02:10Z", "2026-01-01T00:00:11Z");
    assertEquals(119, c.skewLow());
    assertEquals(121, c.skewHigh());
    long truth = Instant.parse("2026-01-01T00:00:05Z").getEpochSecond(); // host time of a write
    long stamped = truth + 120; // the store's stamp, with the true skew of 120 s
    assertTrue(c.hostSeconds(Instant.ofEpochSecond(stamped)) >= truth);
  }

  @Test
  void aSkewBeyondTheBoundOrNoDateRefuses() {
    GcSafetyException e =
        assertThrows(
            GcSafetyException.class,
            () -> measure("2026-01-01T00:00:00Z", "2026-01-01T00:10:00Z", "2026-01-01T00:00:01Z"));
    assertTrue(e.getMessage().contains("differs from this host's by +599..+601 s"), e.getMessage());
    assertThrows(
        GcSafetyException.class,
        () -> StoreClock.measure(Instant.EPOCH, null, Instant.EPOCH, BOUND, "http://s3"));
  }
}
