package org.jpbs.gc.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caffeine-backed digest cache: {@code maximumSize(capacity)}, same-thread maintenance, and {@code
 * asMap().putIfAbsent} as the "seen before?" test.
 *
 * <p>Eviction is W-TinyLFU, not LRU: a new digest may be rejected while an older frequent one is
 * kept, so hit counts differ from PBS's LRU (a miss costs one extra touch, never correctness).
 * Allocates one 48-byte key per insert.
 */
final class CaffeineDigestCache implements DigestCache {
  private final ConcurrentMap<DigestKey, Boolean> map;
  private final int capacity;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  CaffeineDigestCache(int capacity) {
    this.capacity = capacity;
    this.map =
        Caffeine.newBuilder()
            .maximumSize(capacity)
            .executor(Runnable::run)
            .<DigestKey, Boolean>build()
            .asMap();
  }

  @Override
  public boolean insert(long w0, long w1, long w2, long w3) {
    boolean present = map.putIfAbsent(new DigestKey(w0, w1, w2, w3), Boolean.TRUE) != null;
    (present ? hits : misses).increment();
    return present;
  }

  @Override
  public long hits() {
    return hits.sum();
  }

  @Override
  public long misses() {
    return misses.sum();
  }

  @Override
  public int capacity() {
    return capacity;
  }

  /** Compact key: the 256-bit digest as four longs; equality on all four. */
  static final class DigestKey implements Comparable<DigestKey> {
    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    DigestKey(long w0, long w1, long w2, long w3) {
      this.w0 = w0;
      this.w1 = w1;
      this.w2 = w2;
      this.w3 = w3;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof DigestKey k && k.w0 == w0 && k.w1 == w1 && k.w2 == w2 && k.w3 == w3;
    }

    @Override
    public int hashCode() {
      // SHA-256 words are uniform; mixing all four keeps crafted collisions expensive
      return Long.hashCode(w0 ^ Long.rotateLeft(w1, 17) ^ Long.rotateLeft(w2, 31) ^ w3);
    }

    /** Byte order of the digest (unsigned word order); lets HashMap tree bins stay O(log n). */
    @Override
    public int compareTo(DigestKey o) {
      int c = Long.compareUnsigned(w0, o.w0);
      if (c == 0) {
        c = Long.compareUnsigned(w1, o.w1);
      }
      if (c == 0) {
        c = Long.compareUnsigned(w2, o.w2);
      }
      return c != 0 ? c : Long.compareUnsigned(w3, o.w3);
    }
  }
}
