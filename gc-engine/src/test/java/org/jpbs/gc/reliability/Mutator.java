package org.jpbs.gc.reliability;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded structure-unaware mutator over valid seed inputs: bit flips, interesting bytes,
 * truncations, extensions, splices between seeds, deleted and duplicated ranges, and little-endian
 * length-field edits (32 and 64 bit, extreme values) near the start of the file, where every jpbs
 * format keeps its header.
 */
final class Mutator {
  private static final long[] INTERESTING = {
    0,
    1,
    -1,
    0x7f,
    0x80,
    0xff,
    0x7fff,
    0xffff,
    0x7fffffffL,
    0x80000000L,
    0xffffffffL,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    4096,
    4 * 1024 * 1024,
    16L * 1024 * 1024 + 1
  };

  private final Random random;
  private final List<byte[]> seeds;

  Mutator(Random random, List<byte[]> seeds) {
    this.random = random;
    this.seeds = seeds;
  }

  /** A new input: a random seed with one to four stacked mutations. */
  byte[] next() {
    byte[] data = seeds.get(random.nextInt(seeds.size())).clone();
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      data = mutate(data);
    }
    return data;
  }

  private byte[] mutate(byte[] d) {
    switch (random.nextInt(9)) {
      case 0: // bit flip
        if (d.length > 0) {
          d[random.nextInt(d.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return d;
      case 1: // interesting byte
        if (d.length > 0) {
          d[random.nextInt(d.length)] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
        }
        return d;
      case 2: // truncate
        return Arrays.copyOf(d, d.length == 0 ? 0 : random.nextInt(d.length));
      case 3:
        { // extend with random bytes
          byte[] out = Arrays.copyOf(d, d.length + 1 + random.nextInt(256));
          for (int i = d.length; i < out.length; i++) {
            out[i] = (byte) random.nextInt(256);
          }
          return out;
        }
      case 4:
        { // splice: prefix of this, suffix of another seed
          byte[] other = seeds.get(random.nextInt(seeds.size()));
          int a = d.length == 0 ? 0 : random.nextInt(d.length + 1);
          int b = other.length == 0 ? 0 : random.nextInt(other.length + 1);
          byte[] out = Arrays.copyOf(d, a + other.length - b);
          System.arraycopy(other, b, out, a, other.length - b);
          return out;
        }
      case 5:
        { // delete a range
          if (d.length < 2) {
            return d;
          }
          int from = random.nextInt(d.length);
          int len = 1 + random.nextInt(Math.min(64, d.length - from));
          byte[] out = new byte[d.length - len];
          System.arraycopy(d, 0, out, 0, from);
          System.arraycopy(d, from + len, out, from, d.length - from - len);
          return out;
        }
      case 6:
        { // duplicate a range
          if (d.length == 0) {
            return d;
          }
          int from = random.nextInt(d.length);
          int len = 1 + random.nextInt(Math.min(64, d.length - from));
          byte[] out = new byte[d.length + len];
          System.arraycopy(d, 0, out, 0, from + len);
          System.arraycopy(d, from, out, from + len, d.length - from);
          return out;
        }
      case 7: // 32-bit length field
        return field(d, 4);
      default: // 64-bit length field
        return field(d, 8);
    }
  }

  private byte[] field(byte[] d, int width) {
    if (d.length < width) {
      return d;
    }
    int limit = Math.min(d.length - width, 4096);
    int off = random.nextInt(limit + 1) & ~(width - 1);
    long v = INTERESTING[random.nextInt(INTERESTING.length)];
    if (random.nextBoolean()) {
      v += random.nextInt(3) - 1;
    }
    ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
    if (width == 4) {
      b.putInt(off, (int) v);
    } else {
      b.putLong(off, v);
    }
    return d;
  }
}
