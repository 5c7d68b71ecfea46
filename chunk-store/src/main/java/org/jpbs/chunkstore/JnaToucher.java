package org.jpbs.chunkstore;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;
import org.jpbs.format.ChunkDigest;
import org.jpbs.posix.LibC;
import org.jpbs.posix.NativeError;

/**
 * {@link AtimeToucher} by one {@code utimensat(chunksFd, "XXXX/<hex>", {UTIME_NOW, UTIME_OMIT},
 * AT_SYMLINK_NOFOLLOW)} per call, relative to the open {@code .chunks} directory.
 *
 * <p>Zero allocation per call: each thread owns one native path buffer ({@link ChunkPath.Buffer})
 * that is rewritten in place; the {@code timespec[2]} is one shared constant.
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
    long path = ChunkPath.Buffer.forThisThread().chunkPath(w0, w1, w2, w3);
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
        ChunkPath.of(chunksDir, ChunkDigest.ofWords(w0, w1, w2, w3)),
        errno);
  }

  @Override
  public boolean touchBadCopy(ChunkDigest digest, int n) throws IOException {
    long path = ChunkPath.Buffer.forThisThread().badCopyPath(digest, n);
    int rc = LibC.utimensat(chunksFd, path, TIMES_ADDR, LibC.AT_SYMLINK_NOFOLLOW);
    if (rc == 0) {
      return true;
    }
    int errno = LibC.errno();
    if (errno == LibC.ENOENT) {
      return false;
    }
    throw NativeError.io(
        "update atime (utimensat)", ChunkPath.badCopy(chunksDir, digest, n), errno);
  }

  @Override
  public String name() {
    return "jna-utimensat";
  }
}
