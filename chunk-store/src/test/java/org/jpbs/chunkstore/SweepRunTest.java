package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SweepRunTest {
  @ParameterizedTest(name = "remaining {0}, {1} dirs with {2} entries -> {3}")
  @CsvSource({
    "64, 0, 0, 1", // nothing known yet: one directory
    "64, 1, 0, 64", // empty directories so far: the whole rest of the batch
    "64, 64, 960, 64", // 15 per directory (1M chunks): 68 -> capped at the batch
    "10, 64, 960, 10", // capped at what is left of the batch
    "64, 100, 6100, 16", // 61 per directory (4M chunks)
    "64, 10, 10000, 1", // 1000 per directory (64M chunks): one per lock
    "64, 10, 1000000, 1", // never below 1
  })
  void lockSpan_fromAverageEntries_boundsEntriesPerLock(
      int remaining, long dirs, long entries, int expected) {
    assertThat(SweepRun.lockSpan(remaining, dirs, entries)).isEqualTo(expected);
  }
}
