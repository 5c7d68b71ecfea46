package org.jpbs.chunkstore;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.jpbs.format.ChunkDigest;
import org.jpbs.posix.LibC;
import org.jpbs.posix.NativeError;

/**
 * {@link AtimeToucher} by one {@code utimensat(chunksFd, "XXXX/<hex>", {UTIME_NOW, UTIME_OMIT},
 * AT_SYMLINK_NOFOLLOW)} per call, relative to the open {@code .chunks} directory.
 *
 * <p>Zero allocation per call: each thread owns one native path buffer ({@link PathBuffer}) that is
 * rewritten in place; the {@code timespec[2]} is one shared constant.
 */
final class JnaToucher implements AtimeToucher {
  private static final Memory TIMES = new Memory(LibC.TIMESPEC2_SIZE);
  private static final long TIMES_ADDR;

  static {
    TIMES.setLong(0, 0);
    TIMES.setLong(8, LibC.UTIME_NOW);
    TIMES.setLong(16, 0);
    TIMES.setLong(24, LibC.UTIME_OMIT);
    TIMES_ADDR = Pointer.nativeValue(TIMES);
  }

  private final int chunksFd;
  private final Path chunksDir;

  JnaToucher(int chunksFd, Path chunksDir) {
    this.chunksFd = chunksFd;
    this.chunksDir = chunksDir;
  }

  @Override
  public boolean touch(ChunkDigest digest) throws IOException {
    return touch(digest.word(0), digest.word(1), digest.word(2), digest.word(3));
  }

  @Override
  public boolean touch(long w0, long w1, long w2, long w3) throws IOException {
    long path = PathBuffer.get().chunkPath(w0, w1, w2, w3);
    int rc = LibC.utimensat(chunksFd, path, TIMES_ADDR, LibC.AT_SYMLINK_NOFOLLOW);
    if (rc == 0) {
      return true;
    }
    int errno = LibC.errno();
    if (errno == LibC.ENOENT) {
      return false;
    }
    throw NativeError.io(
        "update atime (utimensat)",
        ChunkStore.chunkPath(chunksDir, ChunkDigest.ofWords(w0, w1, w2, w3)),
        errno);
  }

  @Override
  public boolean touchBadCopy(ChunkDigest digest, int n) throws IOException {
    long path = PathBuffer.get().badCopyPath(digest, n);
    int rc = LibC.utimensat(chunksFd, path, TIMES_ADDR, LibC.AT_SYMLINK_NOFOLLOW);
    if (rc == 0) {
      return true;
    }
    int errno = LibC.errno();
    if (errno == LibC.ENOENT) {
      return false;
    }
    throw NativeError.io(
        "update atime (utimensat)", ChunkStore.badCopyPath(chunksDir, digest, n), errno);
  }

  @Override
  public String name() {
    return "jna-utimensat";
  }

  /**
   * A thread's native buffer holding {@code "XXXX/<64 hex>\0"} plus room for a suffix, rewritten in
   * place per call from the digest words (two hex characters per {@code putShort} into a direct
   * view of the native memory: no JNI copy, no allocation).
   */
  static final class PathBuffer {
    static final int SIZE = 96;
    private static final ThreadLocal<PathBuffer> LOCAL = ThreadLocal.withInitial(PathBuffer::new);

    /**
     * For byte b: its two lower-case hex characters as a little-endian short (high nibble first).
     */
    private static final short[] HEX_PAIRS = new short[256];

    static {
      byte[] hex = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (int b = 0; b < 256; b++) {
        HEX_PAIRS[b] = (short) ((hex[b & 15] << 8) | hex[b >>> 4]);
      }
    }

    private final Memory memory = new Memory(SIZE);
    private final long address = Pointer.nativeValue(memory);
    private final ByteBuffer view = memory.getByteBuffer(0, SIZE).order(ByteOrder.LITTLE_ENDIAN);

    private PathBuffer() {
      view.put(4, (byte) '/');
    }

    static PathBuffer get() {
      return LOCAL.get();
    }

    /** Writes {@code "XXXX/<hex>\0"} and returns its address. */
    long chunkPath(ChunkDigest digest) {
      return chunkPath(digest.word(0), digest.word(1), digest.word(2), digest.word(3));
    }

    /** Writes {@code "XXXX/<hex>\0"} for the big-endian digest words and returns its address. */
    long chunkPath(long w0, long w1, long w2, long w3) {
      ByteBuffer v = view;
      v.putShort(0, HEX_PAIRS[(int) (w0 >>> 56)]);
      v.putShort(2, HEX_PAIRS[(int) (w0 >>> 48) & 0xFF]);
      putWord(v, 5, w0);
      putWord(v, 21, w1);
      putWord(v, 37, w2);
      putWord(v, 53, w3);
      v.put(69, (byte) 0);
      return address;
    }

    private static void putWord(ByteBuffer v, int off, long w) {
      for (int k = 0; k < 8; k++) {
        v.putShort(off + 2 * k, HEX_PAIRS[(int) (w >>> (56 - 8 * k)) & 0xFF]);
      }
    }

    /** Writes {@code "XXXX/<hex>.<n>.bad\0"} and returns its address. */
    long badCopyPath(ChunkDigest digest, int n) {
      if (n < 0 || n > 9) {
        throw new IllegalArgumentException("bad copy index must be 0..9: " + n);
      }
      chunkPath(digest);
      view.put(69, (byte) '.');
      view.put(70, (byte) ('0' + n));
      view.put(71, (byte) '.');
      view.put(72, (byte) 'b');
      view.put(73, (byte) 'a');
      view.put(74, (byte) 'd');
      view.put(75, (byte) 0);
      return address;
    }
  }
}
