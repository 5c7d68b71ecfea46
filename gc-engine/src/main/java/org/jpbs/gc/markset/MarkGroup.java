package org.jpbs.gc.markset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One partition group of the mark set: the 256 directory prefixes sharing the digest's first byte.
 * Holds an append buffer of at most {@code maxRecords} digests; when it is full the buffer is
 * sorted and deduplicated in place, and kept if that freed at least half of it (references repeat
 * across snapshots), otherwise written to the spill file as one run and emptied.
 *
 * <p>Thread-safe: every method holds the group's monitor, so marking threads contend only when they
 * hit the same group (1 in 256).
 */
final class MarkGroup {
  private static final int INITIAL_RECORDS = 64;

  private final int group;
  private final int maxRecords;
  private final SpillSink sink;
  private final List<SpilledRun> runs = new ArrayList<>();
  private long[] records = new long[0];
  private int count;
  private long added;
  private boolean finished;
  private int[] starts;

  /** Where a full group writes its runs (created lazily by the writer). */
  interface SpillSink {
    SpilledRun spill(int group, long[] records, int count) throws IOException;
  }

  MarkGroup(int group, int maxRecords, SpillSink sink) {
    this.group = group;
    this.maxRecords = maxRecords;
    this.sink = sink;
  }

  synchronized void add(long w0, long w1, long w2, long w3) throws IOException {
    if (finished) {
      throw new IllegalStateException("mark set already finished");
    }
    if (count * DigestRecords.WORDS == records.length) {
      makeRoom();
    }
    int i = count++ * DigestRecords.WORDS;
    records[i] = w0;
    records[i + 1] = w1;
    records[i + 2] = w2;
    records[i + 3] = w3;
    added++;
  }

  private void makeRoom() throws IOException {
    if (count < maxRecords) {
      int n = Math.min(maxRecords, Math.max(INITIAL_RECORDS, count * 2));
      long[] bigger = new long[n * DigestRecords.WORDS];
      System.arraycopy(records, 0, bigger, 0, count * DigestRecords.WORDS);
      records = bigger;
      return;
    }
    count = DigestRecords.sortUnique(records, 0, count);
    if (count > maxRecords / 2) {
      runs.add(sink.spill(group, records, count));
      count = 0;
    }
  }

  /**
   * Ends marking: a group that spilled writes its buffer as a last run and frees it (the sweep
   * reads it from disk); any other group keeps its sorted, unique buffer for the sweep.
   */
  synchronized void finish() throws IOException {
    finished = true;
    count = DigestRecords.sortUnique(records, 0, count);
    if (!runs.isEmpty()) {
      if (count > 0) {
        runs.add(sink.spill(group, records, count));
      }
      records = null;
      count = 0;
      return;
    }
    starts = new int[SpillFile.PARTITIONS + 1];
    SpillFile.partitionStarts(group, records, count, starts);
  }

  /** Spilled runs (read only after {@link #finish}). */
  synchronized List<SpilledRun> runs() {
    return List.copyOf(runs);
  }

  /** The in-memory sorted records after {@link #finish}, or null if the group spilled. */
  synchronized long[] records() {
    return records;
  }

  /** First record of local partition {@code p} (0..256) of an in-memory group. */
  synchronized int start(int p) {
    return starts[p];
  }

  synchronized long bytesInMemory() {
    return records == null ? 0 : (long) records.length * Long.BYTES;
  }

  synchronized long added() {
    return added;
  }
}
