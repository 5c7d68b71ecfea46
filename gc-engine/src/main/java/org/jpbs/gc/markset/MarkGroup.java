package org.jpbs.gc.markset;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One partition group of the mark set: the 256 directory prefixes sharing the digest's first byte.
 * Holds an off-heap append buffer of {@code maxRecords} digests, allocated on the first add with
 * {@code malloc} (large blocks are fresh {@code mmap} pages, so resident memory grows only as
 * records are written, and no buffer is ever copied or left as garbage); when it is full it is
 * sorted and deduplicated in place, and kept if that freed at least half of it (references repeat
 * across snapshots), otherwise written to the spill file as one run and emptied.
 *
 * <p>Thread-safe: every method holds the group's monitor, so marking threads contend only when they
 * hit the same group (1 in 256).
 */
final class MarkGroup {
  private final int group;
  private final int maxRecords;
  private final SpillSink sink;
  private final List<SpilledRun> runs = new ArrayList<>();
  private Memory memory;
  private LongBuffer records;
  private int count;
  private long added;
  private boolean finished;
  private int[] starts;

  /** Where a full group writes its runs (created lazily by the writer). */
  interface SpillSink {
    SpilledRun spill(int group, LongBuffer records, int count) throws IOException;
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
    if (records == null) {
      memory = new Memory((long) maxRecords * SpillFile.RECORD_SIZE);
      records =
          memory.getByteBuffer(0, memory.size()).order(ByteOrder.nativeOrder()).asLongBuffer();
    } else if (count == maxRecords) {
      makeRoom();
    }
    int i = count++ * DigestRecords.WORDS;
    records.put(i, w0);
    records.put(i + 1, w1);
    records.put(i + 2, w2);
    records.put(i + 3, w3);
    added++;
  }

  private void makeRoom() throws IOException {
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
    if (records == null) {
      records = LongBuffer.allocate(0);
    }
    count = DigestRecords.sortUnique(records, 0, count);
    if (!runs.isEmpty()) {
      if (count > 0) {
        runs.add(sink.spill(group, records, count));
      }
      // no reader exists yet, so the buffer can be freed now
      records = null;
      memory.close();
      memory = null;
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

  /**
   * The in-memory sorted records after {@link #finish}, or null if the group spilled. The buffer
   * keeps its native memory reachable (JNA frees it when neither is), so a reader can never see
   * freed memory.
   */
  synchronized LongBuffer records() {
    return records;
  }

  /** First record of local partition {@code p} (0..256) of an in-memory group. */
  synchronized int start(int p) {
    return starts[p];
  }

  synchronized long bytesInMemory() {
    return memory == null ? 0 : memory.size();
  }

  synchronized long added() {
    return added;
  }
}
