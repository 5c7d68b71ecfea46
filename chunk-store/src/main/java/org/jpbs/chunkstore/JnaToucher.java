package org.jpbs.chunkstore;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;
import org.jpbs.format.ChunkDigest;

/**
 * {@link AtimeToucher} by one {@code utimensat(chunksFd, "XXXX/<hex>", {UTIME_NOW, UTIME_OMIT},
 * AT_SYMLINK_NOFOLLOW)} per call, relative to the open {@code .chunks} directory.
 *
 * <p>Zero allocation per call: each thread owns one native path buffer ({@link PathBuffer}) that
 * is rewritten in place; the {@code timespec[2]} is one shared constant.
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
    long path = PathBuffer.get().chunkPath(digest);
    int rc = LibC.utimensat(chunksFd, path, TIMES_ADDR, LibC.AT_SYMLINK_NOFOLLOW);
    if (rc == 0) {
      return true;
    }
    int errno = LibC.errno();
    if (errno == LibC.ENOENT) {
      return false;
    }
    throw NativeError.io("update atime (utimensat)", ChunkStore.chunkPath(chunksDir, digest), errno);
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
   * A thread's native buffer holding {@code "XXXX/<64 hex>\0"} plus room for a suffix, rewritten
   * per call from the digest words.
   */
  static final class PathBuffer {
    static final int SIZE = 96;
    private static final ThreadLocal<PathBuffer> LOCAL = ThreadLocal.withInitial(PathBuffer::new);

    private final Memory memory = new Memory(SIZE);
    private final long address = Pointer.nativeValue(memory);
    private final byte[] scratch = new byte[SIZE];

    private PathBuffer() {
      scratch[4] = '/';
    }

    static PathBuffer get() {
      return LOCAL.get();
    }

    /** Writes {@code "XXXX/<hex>\0"} and returns its address. */
    long chunkPath(ChunkDigest digest) {
      digest.writeHexAscii(scratch, 5);
      scratch[0] = scratch[5];
      scratch[1] = scratch[6];
      scratch[2] = scratch[7];
      scratch[3] = scratch[8];
      scratch[69] = 0;
      memory.write(0, scratch, 0, 70);
      return address;
    }

    /** Writes {@code "XXXX/<hex>.<n>.bad\0"} and returns its address. */
    long badCopyPath(ChunkDigest digest, int n) {
      if (n < 0 || n > 9) {
        throw new IllegalArgumentException("bad copy index must be 0..9: " + n);
      }
      chunkPath(digest);
      scratch[69] = '.';
      scratch[70] = (byte) ('0' + n);
      scratch[71] = '.';
      scratch[72] = 'b';
      scratch[73] = 'a';
      scratch[74] = 'd';
      scratch[75] = 0;
      memory.write(0, scratch, 0, 76);
      return address;
    }
  }
}
