package org.jpbs.gc.markset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A reader of the {@link MarkSet}, one chunk directory (partition) at a time: {@link #load} the
 * directory's prefix, then ask {@link #contains} for each of its entries. A partition of a group
 * that stayed in memory is a slice of that group's sorted buffer; one of a spilled group is read
 * from each of the group's runs (checksums verified), merged, sorted and deduplicated into this
 * reader's own buffer. Loading the partitions of one group consecutively (the sweep's ascending
 * order) reads the group's run headers once. Lookups allocate nothing.
 *
 * <p>Not thread-safe: one per sweep thread.
 */
public final class MarkPartition {
  private static final int HEADER_INTS = SpillFile.PARTITIONS + 1;
  private static final byte[] HEX_VALUE = new byte[256];

  static {
    java.util.Arrays.fill(HEX_VALUE, (byte) -1);
    for (int c = '0'; c <= '9'; c++) {
      HEX_VALUE[c] = (byte) (c - '0');
    }
    for (int c = 'a'; c <= 'f'; c++) {
      HEX_VALUE[c] = (byte) (c - 'a' + 10);
      HEX_VALUE[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
    }
  }

  private final MarkSet set;
  private int prefix = -1;
  private LongBuffer records;
  private int from;
  private int to;

  private int headerGroup = -1;
  private List<SpilledRun> runs = List.of();
  private int[] runStarts = new int[0];
  private int[] runCrcs = new int[0];
  private LongBuffer scratch = LongBuffer.allocate(0);
  private ByteBuffer io = ByteBuffer.allocate(SpillFile.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);

  MarkPartition(MarkSet set) {
    this.set = set;
  }

  /**
   * Makes the partition of chunk directory {@code prefix} (0..65535) current.
   *
   * @throws org.jpbs.format.CorruptFileException if a spilled run is short or fails its checksum
   *     (the partition is then not loaded)
   */
  public void load(int prefix) throws IOException {
    Objects.checkIndex(prefix, 1 << 16);
    set.checkOpen();
    this.prefix = -1;
    int g = prefix >>> 8;
    int p = prefix & 0xFF;
    MarkGroup group = set.group(g);
    LongBuffer inMemory = group.records();
    if (inMemory != null) {
      records = inMemory;
      from = group.start(p);
      to = group.start(p + 1);
    } else {
      loadSpilled(g, p);
    }
    this.prefix = prefix;
  }

  private void loadSpilled(int g, int p) throws IOException {
    SpillFile file = set.spillFile();
    if (headerGroup != g) {
      headerGroup = -1;
      runs = set.runs(g);
      int n = runs.size() * HEADER_INTS;
      if (runStarts.length < n) {
        runStarts = new int[n];
        runCrcs = new int[n];
      }
      for (int i = 0; i < runs.size(); i++) {
        file.readHeader(runs.get(i), runStarts, runCrcs, i * HEADER_INTS, io);
      }
      headerGroup = g;
    }
    int total = 0;
    int maxSegment = 0;
    for (int i = 0; i < runs.size(); i++) {
      int len = runStarts[i * HEADER_INTS + p + 1] - runStarts[i * HEADER_INTS + p];
      total += len;
      maxSegment = Math.max(maxSegment, len);
    }
    if (scratch.capacity() < total * DigestRecords.WORDS) {
      scratch = LongBuffer.allocate(Math.max(total * 4, scratch.capacity() * 2));
    }
    if (io.capacity() < maxSegment * SpillFile.RECORD_SIZE) {
      io = ByteBuffer.allocate(maxSegment * SpillFile.RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }
    int at = 0;
    for (int i = 0; i < runs.size(); i++) {
      int s = runStarts[i * HEADER_INTS + p];
      int e = runStarts[i * HEADER_INTS + p + 1];
      if (e > s) {
        file.readSegment(runs.get(i), s, e, runCrcs[i * HEADER_INTS + p], scratch, at, io);
        at += e - s;
      }
    }
    records = scratch;
    from = 0;
    to = DigestRecords.sortUnique(scratch, 0, total);
  }

  /** The loaded directory prefix, or -1 if none is loaded. */
  public int prefix() {
    return prefix;
  }

  /** Distinct digests in the loaded partition. */
  public int size() {
    checkLoaded();
    return to - from;
  }

  /**
   * True if the digest (big-endian words) was marked.
   *
   * @throws IllegalArgumentException if the digest is not in the loaded directory
   */
  public boolean contains(long w0, long w1, long w2, long w3) {
    checkLoaded();
    if ((int) (w0 >>> 48) != prefix) {
      throw new IllegalArgumentException(
          String.format("digest prefix %04x is not the loaded partition %04x", w0 >>> 48, prefix));
    }
    return DigestRecords.contains(records, from, to, w0, w1, w2, w3);
  }

  /**
   * True if the chunk named by the 64 hex digits at {@code names[off..off+64)} (a {@code
   * getdents64} name, either case) was marked.
   *
   * @throws IllegalArgumentException if a character is not a hex digit or the name is not in the
   *     loaded directory
   */
  public boolean containsHexName(ByteBuffer names, int off) {
    return contains(
        hexWord(names, off), hexWord(names, off + 16),
        hexWord(names, off + 32), hexWord(names, off + 48));
  }

  private static long hexWord(ByteBuffer b, int off) {
    long v = 0;
    for (int i = off; i < off + 16; i++) {
      int d = HEX_VALUE[b.get(i) & 0xFF];
      if (d < 0) {
        throw new IllegalArgumentException("not a hex chunk name at offset " + off);
      }
      v = v << 4 | d;
    }
    return v;
  }

  private void checkLoaded() {
    if (prefix < 0) {
      throw new IllegalStateException("no partition loaded");
    }
  }
}
