package org.jpbs.gc.cache;

/**
 * Primitive digest cache: a 16-way set-associative table over flat {@code long[]} arrays with exact
 * LRU inside each set, no allocation per insert, 33 bytes per entry.
 *
 * <p>Layout per slot {@code s = set * ways + way}: {@code tags[s]} holds word 0, {@code
 * rest[3s..3s+2]} words 1..3 (a miss scans two cache lines of tags). The set is chosen from word 1
 * by multiply-shift range reduction (digests are uniform SHA-256 output). {@code meta[2*set]} packs
 * the recency order of the set's ways as sixteen 4-bit way numbers, most recent in the low nibble;
 * {@code meta[2*set+1]} counts filled ways (ways fill in index order, never emptied). Capacities
 * &ge; 16 use {@code capacity / 16} sets (effective capacity rounded down to a multiple of 16);
 * smaller ones use one fully associative set, i.e. exact LRU.
 *
 * <p>Differs from a global LRU only in where it evicts: the victim is the least recently used entry
 * of the incoming digest's set, not of the whole cache. A hit compares all 256 bits, so there are
 * no false hits. Thread-safe through 64 lock stripes over the sets.
 */
final class SetAssociativeDigestCache implements DigestCache {
  static final int MAX_WAYS = 16;
  private static final int STRIPES = 64;

  /** Counter stride in longs: one 64-byte line per stripe, against false sharing. */
  private static final int PAD = 8;

  /** Way {@code i} at recency position {@code i}. */
  private static final long IDENTITY_ORDER = 0xFEDCBA9876543210L;

  private final int ways;
  private final int sets;
  private final long[] tags;
  private final long[] rest;

  /** Per set: {@code [2*set]} recency order, {@code [2*set+1]} filled ways (one cache line). */
  private final long[] meta;

  private final Object[] locks = new Object[STRIPES];
  private final long[] counters = new long[STRIPES * PAD]; // [stripe*PAD] hits, +1 misses

  SetAssociativeDigestCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    this.ways = Math.min(MAX_WAYS, capacity);
    this.sets = capacity / ways;
    int slots = sets * ways;
    this.tags = new long[slots];
    this.rest = new long[slots * 3];
    this.meta = new long[2 * sets];
    for (int set = 0; set < sets; set++) {
      meta[2 * set] = IDENTITY_ORDER;
    }
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  @Override
  public boolean insert(long w0, long w1, long w2, long w3) {
    int set = (int) (((w1 >>> 32) * sets) >>> 32);
    int stripe = set & (STRIPES - 1);
    synchronized (locks[stripe]) {
      int base = set * ways;
      int n = (int) meta[2 * set + 1];
      for (int w = 0; w < n; w++) {
        int s = base + w;
        if (tags[s] == w0) {
          int r = s * 3;
          if (rest[r] == w1 && rest[r + 1] == w2 && rest[r + 2] == w3) {
            promote(set, w);
            counters[stripe * PAD]++;
            return true;
          }
        }
      }
      int victim;
      if (n < ways) {
        victim = n;
        meta[2 * set + 1] = n + 1;
      } else {
        victim = (int) (meta[2 * set] >>> ((ways - 1) * 4)) & 0xF;
      }
      int s = base + victim;
      tags[s] = w0;
      int r = s * 3;
      rest[r] = w1;
      rest[r + 1] = w2;
      rest[r + 2] = w3;
      promote(set, victim);
      counters[stripe * PAD + 1]++;
      return false;
    }
  }

  /** Moves {@code way} to the most-recent position of {@code set}'s recency order. */
  private void promote(int set, int way) {
    long o = meta[2 * set];
    int p = nibblePosition(o, way);
    if (p == 0) {
      return;
    }
    long below = o & ((1L << (p * 4)) - 1); // positions 0..p-1 shift up by one
    long above = p == MAX_WAYS - 1 ? 0 : o & (-1L << ((p + 1) * 4));
    meta[2 * set] = above | (below << 4) | way;
  }

  /**
   * The position of the nibble equal to {@code way} in {@code order} (each value 0..15 occurs
   * exactly once), without a loop: XOR turns that nibble into the only zero nibble, and the lowest
   * zero nibble of a word is found exactly by the borrow trick (false positives occur only above
   * it).
   */
  static int nibblePosition(long order, int way) {
    long x = order ^ (way * 0x1111_1111_1111_1111L);
    long zero = (x - 0x1111_1111_1111_1111L) & ~x & 0x8888_8888_8888_8888L;
    return Long.numberOfTrailingZeros(zero) >>> 2;
  }

  @Override
  public long hits() {
    return sum(0);
  }

  @Override
  public long misses() {
    return sum(1);
  }

  private long sum(int offset) {
    long total = 0;
    for (int i = 0; i < STRIPES; i++) {
      synchronized (locks[i]) {
        total += counters[i * PAD + offset];
      }
    }
    return total;
  }

  @Override
  public int capacity() {
    return sets * ways;
  }
}
