package org.jpbs.chunkstore;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.jpbs.posix.LibC;
import org.jpbs.posix.NativeError;

/**
 * {@link DirectorySweeper} on raw syscalls: {@code openat} relative to {@code .chunks}, {@code
 * getdents64} into a 32 KiB native buffer parsed in place, {@code statx(AT_SYMLINK_NOFOLLOW)} and
 * {@code unlinkat} on the name inside that buffer. No allocation per entry.
 *
 * <p>Entries whose {@code d_type} says directory/symlink/other are skipped without a stat (the stat
 * would say the same); {@code DT_UNKNOWN} entries are stat-ed.
 */
final class JnaDirectorySweeper implements DirectorySweeper {
  private static final int DENTS_SIZE = 32 * 1024;
  private static final int STATX_MASK = LibC.STATX_TYPE | LibC.STATX_ATIME | LibC.STATX_SIZE;

  private final int chunksFd;
  private final Path chunksDir;
  private final SweepProbe probe;
  private final Memory dents = new Memory(DENTS_SIZE);
  private final long dentsAddr = Pointer.nativeValue(dents);
  private final ByteBuffer dentsView =
      dents.getByteBuffer(0, DENTS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
  private final Memory stx = new Memory(LibC.STATX_BUF_SIZE);
  private final long stxAddr = Pointer.nativeValue(stx);
  private final ByteBuffer stxView =
      stx.getByteBuffer(0, LibC.STATX_BUF_SIZE).order(ByteOrder.LITTLE_ENDIAN);
  private final ChunkPath.Buffer dirName = new ChunkPath.Buffer();

  JnaDirectorySweeper(int chunksFd, Path chunksDir, SweepProbe probe) {
    this.chunksFd = chunksFd;
    this.chunksDir = chunksDir;
    this.probe = probe;
  }

  @Override
  public void sweep(int prefix, SweepCounters counters, boolean unlink, BooleanSupplier abort)
      throws IOException {
    int dfd =
        LibC.openat(
            chunksFd,
            dirName.directoryPath(prefix),
            LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC,
            0);
    if (dfd < 0) {
      int errno = LibC.errno();
      if (errno == LibC.ENOENT) {
        return;
      }
      throw NativeError.io("opendir", chunksDir.resolve(ChunkPath.prefixName(prefix)), errno);
    }
    try {
      while (true) {
        long n = LibC.getdents64(dfd, dentsAddr, DENTS_SIZE);
        if (n == 0) {
          return;
        }
        if (n < 0) {
          int errno = LibC.errno();
          throw NativeError.io(
              "readdir (getdents64)", chunksDir.resolve(ChunkPath.prefixName(prefix)), errno);
        }
        int end = (int) n;
        int off = 0;
        while (off < end) {
          int reclen = dentsView.getShort(off + LibC.DIRENT_RECLEN) & 0xFFFF;
          int type = dentsView.get(off + LibC.DIRENT_TYPE) & 0xFF;
          int nameOff = off + LibC.DIRENT_NAME;
          off += reclen;
          if (type != LibC.DT_REG && type != LibC.DT_UNKNOWN) {
            continue;
          }
          int kind = ChunkPath.classify(dentsView, nameOff, off);
          if (kind == ChunkPath.NONE) {
            continue;
          }
          if (abort.getAsBoolean()) {
            throw new SweepAbortSignal();
          }
          entry(dfd, prefix, dentsAddr + nameOff, nameOff, kind == ChunkPath.BAD, counters, unlink);
        }
      }
    } finally {
      LibC.close(dfd);
    }
  }

  private void entry(
      int dfd, int prefix, long name, int nameOff, boolean bad, SweepCounters c, boolean unlink)
      throws IOException {
    int rc =
        LibC.statx(
            dfd, name, LibC.AT_SYMLINK_NOFOLLOW | LibC.AT_STATX_SYNC_AS_STAT, STATX_MASK, stxAddr);
    if (rc != 0) {
      return; // vanished (or unreadable): skipped silently, as PBS does
    }
    int mode = stxView.getShort(LibC.STX_MODE) & 0xFFFF;
    if ((mode & LibC.S_IFMT) != LibC.S_IFREG) {
      return;
    }
    long atime = stxView.getLong(LibC.STX_ATIME_SEC);
    long size = stxView.getLong(LibC.STX_SIZE);
    if (c.referenced != null) {
      atime =
          c.effectiveAtime(
              atime,
              bad,
              ChunkPath.word(dentsView, nameOff, 0),
              ChunkPath.word(dentsView, nameOff, 1),
              ChunkPath.word(dentsView, nameOff, 2),
              ChunkPath.word(dentsView, nameOff, 3));
    }
    if (!c.classify(atime, size, bad)) {
      return;
    }
    if (unlink) {
      probe.beforeUnlink(prefix);
    }
    if (unlink && LibC.unlinkat(dfd, name, 0) != 0) {
      int errno = LibC.errno();
      if (errno == LibC.ENOENT) {
        c.vanished();
        return;
      }
      c.unlinkFailed(bad);
      throw NativeError.io(
          "unlink",
          chunksDir.resolve(ChunkPath.prefixName(prefix)).resolve(nameAt(nameOff)),
          errno);
    }
    c.removed(size, bad);
  }

  private String nameAt(int off) {
    StringBuilder sb = new StringBuilder(70);
    for (int i = off; i < DENTS_SIZE && dentsView.get(i) != 0; i++) {
      sb.append((char) (dentsView.get(i) & 0xFF));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    // Memory is freed by its cleaner; nothing else is held between calls.
  }
}
