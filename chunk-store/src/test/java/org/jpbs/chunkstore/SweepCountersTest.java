package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SweepCountersTest {
  private static final long MIN = 1_000_000;
  private static final long WRITER = 1_000_100;

  @Test
  void classify_belowMinAtime_requestsRemovalWithoutCounting() {
    SweepCounters c = new SweepCounters(MIN, WRITER);
    assertThat(c.classify(MIN - 1, 10, false)).isTrue();
    c.removed(10, false);
    assertThat(c.classify(MIN - 1, 7, true)).isTrue();
    c.removed(7, true);
    assertThat(report(c)).isEqualTo(new SweepReport(1, 17, 1, 0, 0, 0, 0, 0, 2));
  }

  @Test
  void reclassify_candidateTouchedSinceItsDecision_keptAndCountedOnce() {
    SweepCounters c = new SweepCounters(MIN, WRITER);
    assertThat(c.classify(MIN - 1, 10, false)).isTrue(); // chosen for removal
    assertThat(c.classify(MIN - 1, 5, false)).isTrue(); // chosen for removal
    assertThat(c.reclassify(WRITER, 10, false)).isFalse(); // touched meanwhile: disk
    assertThat(c.reclassify(MIN - 1, 5, false)).isTrue(); // still garbage
    c.removed(5, false);
    assertThat(c.chunkCount()).isEqualTo(2);
    assertThat(c.report()).isEqualTo(new SweepReport(1, 5, 0, 0, 0, 0, 1, 10, 2));
  }

  @Test
  void classify_pendingAndDisk_matchesPbsStatus() {
    SweepCounters c = new SweepCounters(MIN, WRITER);
    assertThat(c.classify(MIN, 10, false)).isFalse(); // pending: min <= atime < writer
    assertThat(c.classify(WRITER - 1, 20, true)).isFalse(); // pending bad -> still_bad
    assertThat(c.classify(WRITER, 40, false)).isFalse(); // disk
    assertThat(c.classify(WRITER + 5, 80, true)).isFalse(); // disk bad: bytes only
    assertThat(report(c)).isEqualTo(new SweepReport(0, 0, 0, 1, 30, 1, 1, 120, 4));
  }

  @Test
  void classify_writerBeforeMinAtime_hasNoPendingClass() {
    SweepCounters c = new SweepCounters(MIN, MIN - 50);
    assertThat(c.classify(MIN - 1, 1, false)).isTrue();
    assertThat(c.classify(MIN, 1, false)).isFalse();
    assertThat(report(c).diskChunks()).isEqualTo(1);
    assertThat(report(c).pendingChunks()).isZero();
  }

  @Test
  void unlinkFailed_badFile_countsStillBad() {
    SweepCounters c = new SweepCounters(MIN, WRITER);
    c.classify(0, 5, true);
    c.unlinkFailed(true);
    c.classify(0, 5, false);
    c.unlinkFailed(false);
    assertThat(report(c)).isEqualTo(new SweepReport(0, 0, 0, 0, 0, 1, 0, 0, 2));
  }

  @Test
  void vanished_afterClassify_isNotCounted() {
    SweepCounters c = new SweepCounters(MIN, WRITER);
    c.classify(0, 5, false);
    c.vanished();
    assertThat(report(c)).isEqualTo(SweepReport.EMPTY);
  }

  @Test
  void keptWithoutStat_countsDiskChunkButNoBytes_diskBytesUnknown() {
    SweepCounters c = new SweepCounters(100, 200);
    c.keptWithoutStat();
    assertThat(c.classify(300, 7, false)).isFalse();
    SweepReport r = report(c);
    assertThat(r).isEqualTo(new SweepReport(0, 0, 0, 0, 0, 0, 2, 7, 2, 1));
    assertThat(r.diskBytesKnown()).isFalse();
    assertThat(new SweepReport(0, 0, 0, 0, 0, 0, 1, 7, 1).diskBytesKnown()).isTrue();
  }

  private static SweepReport report(SweepCounters c) {
    long[] t = new long[SweepCounters.COUNTERS];
    c.addTo(t);
    return SweepCounters.report(t);
  }
}
