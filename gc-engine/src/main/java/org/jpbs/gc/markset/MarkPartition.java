package org.jpbs.gc.markset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A reader of the {@link MarkSet}, a span of consecutive chunk directories (partitions) at a time:
 * {@link #load(int, int)} the span, then ask {@link #contains} for each entry of those directories.
 * A partition of a group that stayed in memory is a slice of that group's sorted buffer; one of a
 * spilled group is read from each of the group's runs (checksums verified), merged, sorted and
 * deduplicated into this reader's own buffer. Loading the partitions of one group consecutively
 * (the sweep's ascending order) reads the group's run headers once. The span's records are then
 * copied (one bulk copy per partition) into an on-heap {@code long[]}, so that a lookup reads plain
 * array elements only, never a {@code LongBuffer} (heap for spilled partitions, direct for
 * in-memory ones: a call site seeing both is not inlined). Lookups allocate nothing.
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
  private int first = -1; // first loaded prefix, -1: none
  private int count;
  private LongBuffer[] buffers = new LongBuffer[0]; // per loaded prefix: its records' buffer
  private int[] froms = new int[0];
  private int[] tos = new int[0];
  // every loaded record's four words, span order, on-heap: a lookup reads plain longs only
  private long[] recs = new long[0];
  private int[] keyFrom = new int[0]; // per loaded prefix: its first record (index into recs / 4)

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
   * Makes the partition of chunk directory {@code prefix} (0..65535) current: {@code load(prefix,
   * 1)}.
   */
  public void load(int prefix) throws IOException {
    load(prefix, 1);
  }

  /**
   * Makes the partitions of chunk directories {@code first .. first + count - 1} current (the
   * directories one sweep lock covers), replacing what was loaded.
   *
   * @throws org.jpbs.format.CorruptFileException if a spilled run is short or fails its checksum
   *     (nothing is then loaded)
   * @throws IndexOutOfBoundsException if the range is empty or leaves 0..65535
   */
  public void load(int first, int count) throws IOException {
    if (count < 1) {
      throw new IndexOutOfBoundsException("empty partition range: " + first + " + " + count);
    }
    Objects.checkFromIndexSize(first, count, 1 << 16);
    set.checkOpen();
    this.first = -1;
    if (buffers.length < count) {
      buffers = new LongBuffer[count];
      froms = new int[count];
      tos = new int[count];
      keyFrom = new int[count];
    }
    int used = 0; // records of the scratch buffer in use by spilled partitions of this span
    for (int i = 0; i < count; i++) {
      int q = first + i;
      int g = q >>> 8;
      int p = q & 0xFF;
      MarkGroup group = set.group(g);
      LongBuffer inMemory = group.records();
      if (inMemory != null) {
        buffers[i] = inMemory;
        froms[i] = group.start(p);
        tos[i] = group.start(p + 1);
      } else {
        buffers[i] = null; // the scratch buffer, set below (it may grow meanwhile)
        froms[i] = used;
        used = loadSpilled(g, p, used);
        tos[i] = used;
      }
    }
    int total = 0;
    for (int i = 0; i < count; i++) {
      if (buffers[i] == null) {
        buffers[i] = scratch;
      }
      total += tos[i] - froms[i];
    }
    int words = total * DigestRecords.WORDS;
    if (recs.length < words) {
      recs = new long[Math.max(words, recs.length * 2)];
    }
    int k = 0;
    for (int i = 0; i < count; i++) {
      keyFrom[i] = k;
      int len = (tos[i] - froms[i]) * DigestRecords.WORDS;
      buffers[i].get(froms[i] * DigestRecords.WORDS, recs, k * DigestRecords.WORDS, len);
      k += tos[i] - froms[i];
    }
    this.count = count;
    this.first = first;
  }

  /** Reads partition {@code p} of spilled group {@code g} to scratch record {@code at}; its end. */
  private int loadSpilled(int g, int p, int at) throws IOException {
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
    int need = (at + total) * DigestRecords.WORDS;
    if (scratch.capacity() < need) {
      LongBuffer grown = LongBuffer.allocate(Math.max(need * 2, scratch.capacity() * 2));
      for (int i = 0; i < at * DigestRecords.WORDS; i++) {
        grown.put(i, scratch.get(i));
      }
      scratch = grown;
    }
    if (io.capacity() < maxSegment * SpillFile.RECORD_SIZE) {
      io = ByteBuffer.allocate(maxSegment * SpillFile.RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }
    int end = at;
    for (int i = 0; i < runs.size(); i++) {
      int s = runStarts[i * HEADER_INTS + p];
      int e = runStarts[i * HEADER_INTS + p + 1];
      if (e > s) {
        file.readSegment(runs.get(i), s, e, runCrcs[i * HEADER_INTS + p], scratch, end, io);
        end += e - s;
      }
    }
    return DigestRecords.sortUnique(scratch, at, end);
  }

  /** The first loaded directory prefix, or -1 if none is loaded. */
  public int prefix() {
    return first;
  }

  /** Number of loaded directory prefixes (0 if none). */
  public int loadedCount() {
    return first < 0 ? 0 : count;
  }

  /** Distinct digests in the loaded partitions. */
  public int size() {
    checkLoaded();
    int n = 0;
    for (int i = 0; i < count; i++) {
      n += tos[i] - froms[i];
    }
    return n;
  }

  /**
   * True if the digest (big-endian words) was marked.
   *
   * @throws IllegalArgumentException if the digest is not in a loaded directory
   */
  public boolean contains(long w0, long w1, long w2, long w3) {
    int i = (int) (w0 >>> 48) - first;
    if (first < 0 || i < 0 || i >= count) {
      checkLoaded();
      throw new IllegalArgumentException(
          String.format(
              "digest prefix %04x is not in the loaded partitions %04x + %d",
              w0 >>> 48, first, count));
    }
    // lower bound of w0 among the partition's first words (plain array, stride 4), branch-free
    // (the comparisons of a lookup are unpredictable), then the records that share it (sorted,
    // unique) compared in full
    long[] r = recs;
    int lo = keyFrom[i];
    int n = tos[i] - froms[i];
    if (n == 0) {
      return false;
    }
    int end = lo + n;
    long key = w0 + Long.MIN_VALUE; // unsigned order as signed order
    while (n > 1) {
      int half = n >>> 1;
      lo = r[(lo + half) * DigestRecords.WORDS] + Long.MIN_VALUE < key ? lo + half : lo;
      n -= half;
    }
    if (r[lo * DigestRecords.WORDS] + Long.MIN_VALUE < key) {
      lo++;
    }
    for (int k = lo; k < end && r[k * DigestRecords.WORDS] == w0; k++) {
      int p = k * DigestRecords.WORDS;
      if (r[p + 1] == w1 && r[p + 2] == w2 && r[p + 3] == w3) {
        return true;
      }
    }
    return false;
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
    if (first < 0) {
      throw new IllegalStateException("no partition loaded");
    }
  }
}
