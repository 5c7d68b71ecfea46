package org.jpbs.format;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.function.Consumer;

/**
 * The entry area of an index file, memory-mapped in segments of {@code 2^shift} entries so that
 * files larger than 2 GiB work (a {@link MappedByteBuffer} holds at most 2^31-1 bytes).
 *
 * <p>Each segment has two views over the same mapping: {@code le} (little-endian, for the integers
 * of the format) and {@code be} (big-endian, for digest words, matching {@link ChunkDigest#word}).
 * These are the only places entry bytes are interpreted. Not thread-safe for {@link #release()}:
 * release only after every reader of the mapping has finished.
 */
final class MappedEntries {
  /** Default segment shift: 2^25 entries = 1 GiB (fixed) or 1.25 GiB (dynamic) per segment. */
  static final int DEFAULT_SHIFT = 25;

  private static final VarHandle LE_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final Method INVOKE_CLEANER;
  private static final Object UNSAFE;

  static {
    Method m = null;
    Object u = null;
    try {
      Class<?> c = Class.forName("sun.misc.Unsafe");
      Field f = c.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      u = f.get(null);
      m = c.getMethod("invokeCleaner", ByteBuffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // fall back to unmapping when the buffer is garbage collected
      m = null;
      u = null;
    }
    INVOKE_CLEANER = m;
    UNSAFE = u;
  }

  private final ByteBuffer[] le;
  private final ByteBuffer[] be;
  private final MappedByteBuffer[] maps;
  private final int shift;
  private final int mask;
  private final int entrySize;
  private final int count;

  private MappedEntries(MappedByteBuffer[] maps, int shift, int entrySize, int count) {
    this.maps = maps;
    this.shift = shift;
    this.mask = (1 << shift) - 1;
    this.entrySize = entrySize;
    this.count = count;
    this.le = new ByteBuffer[maps.length];
    this.be = new ByteBuffer[maps.length];
    for (int s = 0; s < maps.length; s++) {
      le[s] = maps[s].duplicate().order(ByteOrder.LITTLE_ENDIAN);
      be[s] = maps[s].duplicate().order(ByteOrder.BIG_ENDIAN);
    }
  }

  /** Maps {@code count} entries starting at {@code start} of {@code ch}. */
  static MappedEntries map(
      FileChannel ch, FileChannel.MapMode mode, long start, int entrySize, int count, int shift)
      throws IOException {
    if (shift < 1 || (long) entrySize << shift > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("bad segment shift " + shift);
    }
    long perSeg = 1L << shift;
    int segs = (int) ((count + perSeg - 1) / perSeg);
    MappedByteBuffer[] maps = new MappedByteBuffer[segs];
    try {
      for (int s = 0; s < segs; s++) {
        long first = s * perSeg;
        long n = Math.min(perSeg, count - first);
        maps[s] = ch.map(mode, start + first * entrySize, n * entrySize);
      }
    } catch (IOException | RuntimeException e) {
      for (MappedByteBuffer m : maps) {
        unmap(m);
      }
      throw e;
    }
    return new MappedEntries(maps, shift, entrySize, count);
  }

  int count() {
    return count;
  }

  /** Little-endian long at {@code off} inside entry {@code i}. */
  long leLong(int i, int off) {
    return le[i >>> shift].getLong((i & mask) * entrySize + off);
  }

  /** Big-endian long at {@code off} inside entry {@code i}. */
  long beLong(int i, int off) {
    return be[i >>> shift].getLong((i & mask) * entrySize + off);
  }

  /**
   * Copies the 32 digest bytes at {@code off} in entry {@code i} into {@code dst[dstOff..+32)} as
   * four longs (for 32 bytes this beats the direct-buffer bulk get, whose setup cost dominates such
   * small copies). Read and written in the same (native little-endian) order: a plain copy.
   */
  void copyDigest(int i, int off, byte[] dst, int dstOff) {
    ByteBuffer b = le[i >>> shift];
    int pos = (i & mask) * entrySize + off;
    LE_LONGS.set(dst, dstOff, b.getLong(pos));
    LE_LONGS.set(dst, dstOff + 8, b.getLong(pos + 8));
    LE_LONGS.set(dst, dstOff + 16, b.getLong(pos + 16));
    LE_LONGS.set(dst, dstOff + 24, b.getLong(pos + 24));
  }

  void put(int i, int off, byte[] src, int srcOff, int len) {
    le[i >>> shift].put((i & mask) * entrySize + off, src, srcOff, len);
  }

  void putLeLong(int i, int off, long v) {
    le[i >>> shift].putLong((i & mask) * entrySize + off, v);
  }

  /** Feeds every entry byte, in file order, to {@code md}. */
  void digestInto(MessageDigest md) {
    for (ByteBuffer b : le) {
      md.update(b.duplicate().clear());
    }
  }

  /** Flushes written pages to the file (writers). */
  void force() {
    for (MappedByteBuffer m : maps) {
      m.force();
    }
  }

  /** Releases the mappings now if the JDK allows it, else when garbage collected. */
  /** Passes a read-only view of each segment's mapping to {@code action}. */
  void forEachMapping(Consumer<? super ByteBuffer> action) {
    for (MappedByteBuffer m : maps) {
      if (m != null) {
        action.accept(m.isReadOnly() ? m : m.asReadOnlyBuffer());
      }
    }
  }

  void release() {
    for (int s = 0; s < maps.length; s++) {
      unmap(maps[s]);
      maps[s] = null;
      le[s] = null;
      be[s] = null;
    }
  }

  private static void unmap(MappedByteBuffer m) {
    if (m == null || INVOKE_CLEANER == null) {
      return;
    }
    try {
      INVOKE_CLEANER.invoke(UNSAFE, m);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // leave it to the garbage collector
    }
  }
}
