package org.jpbs.datastore.backup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The golden vectors' input generator (shared/vectors/README.md): SplitMix64, bytes LE. */
final class SplitMix64 {
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  long next() {
    state += 0x9E3779B97F4A7C15L;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Fills {@code dst[off..off+len)} (len a multiple of 8) from a fresh generator. */
  static void fill(long seed, byte[] dst, int off, int len) {
    SplitMix64 g = new SplitMix64(seed);
    ByteBuffer b = ByteBuffer.wrap(dst, off, len).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < len / 8; i++) {
      b.putLong(g.next());
    }
  }
}
