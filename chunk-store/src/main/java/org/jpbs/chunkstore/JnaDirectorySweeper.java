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
 * would say the same); {@code DT_UNKNOWN} entries are stat-ed. With referenced chunks (a mark set),
 * a {@code DT_REG} chunk's membership is asked before its stat, and a member is kept without the
 * stat when the request allows it ({@link SweepRequest#withMemberStat}).
 *
 * <p>On tmpfs a directory's size is 20 bytes per entry, {@code .} and {@code ..} included (the
 * kernel's {@code BOGO_DIRENT_SIZE}), so an empty prefix directory has size 40 and is skipped after
 * one {@code statx} instead of {@code openat}, two {@code getdents64} and {@code close}. Asked only
 * while the previous directory of this sweeper was empty, so a populated store pays nothing. Safe
 * as the listing it replaces: the caller holds the directory's exclusive range lock, so no chunk
 * can appear in it between the stat and the next directory.
 */
final class JnaDirectorySweeper implements DirectorySweeper {
  private static final int DENTS_SIZE = 32 * 1024;
  private static final int STATX_MASK = LibC.STATX_TYPE | LibC.STATX_ATIME | LibC.STATX_SIZE;
  private static final int UNKNOWN = -1;

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

  /** tmpfs, where a directory's size tells whether it is empty. */
  private final boolean sizeTellsEmpty;

  /** The previous directory this sweeper saw held no entry but {@code .} and {@code ..}. */
  private boolean lastEmpty = true;

  JnaDirectorySweeper(int chunksFd, Path chunksDir, SweepProbe probe, boolean tmpfs) {
    this.chunksFd = chunksFd;
    this.chunksDir = chunksDir;
    this.probe = probe;
    this.sizeTellsEmpty = tmpfs;
  }

  private static final long TMPFS_EMPTY_DIR_SIZE = 40;

  /** True if the prefix directory is certainly empty (tmpfs only; false when unsure). */
  private boolean knownEmpty(int prefix) {
    long path = dirName.directoryPath(prefix);
    if (LibC.statxNoErrno(chunksFd, path, LibC.AT_SYMLINK_NOFOLLOW, STATX_MASK, stxAddr) != 0) {
      return false; // the listing below reports it
    }
    int mode = stxView.getShort(LibC.STX_MODE) & 0xFFFF;
    return (mode & LibC.S_IFMT) == LibC.S_IFDIR
        && stxView.getLong(LibC.STX_SIZE) == TMPFS_EMPTY_DIR_SIZE;
  }

  @Override
  public void sweep(int prefix, SweepCounters counters, boolean unlink, BooleanSupplier abort)
      throws IOException {
    if (sizeTellsEmpty && lastEmpty && knownEmpty(prefix)) {
      return;
    }
    lastEmpty = true;
    int dfd =
        LibC.fastOpenat(
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
        long n = LibC.fastGetdents64(dfd, dentsAddr, DENTS_SIZE);
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
          if (lastEmpty && !isDotOrDotDot(nameOff)) {
            lastEmpty = false;
          }
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
          entry(dfd, prefix, nameOff, type, kind == ChunkPath.BAD, counters, unlink);
        }
      }
    } finally {
      LibC.fastClose(dfd);
    }
  }

  private void entry(
      int dfd, int prefix, int nameOff, int type, boolean bad, SweepCounters c, boolean unlink)
      throws IOException {
    // membership first: the set is immutable, so asking before or after the stat is the same; a
    // marked regular file may then be kept without its stat
    int marked = UNKNOWN;
    if (c.referenced != null && !bad && type == LibC.DT_REG) {
      marked = isMarked(c.referenced, nameOff) ? 1 : 0;
      if (marked == 1 && c.skipMemberStat) {
        c.keptWithoutStat();
        return;
      }
    }
    long name = dentsAddr + nameOff;
    int rc =
        LibC.statxNoErrno(
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
      if (marked == UNKNOWN) {
        marked =
            (bad ? isBadCopyMarked(c.referenced, nameOff) : isMarked(c.referenced, nameOff))
                ? 1
                : 0;
      }
      if (marked == 1) {
        atime = Long.MAX_VALUE; // as touched just now
      }
    }
    if (!c.classify(atime, size, bad)) {
      return;
    }
    if (unlink) {
      probe.beforeUnlink(prefix);
    }
    if (unlink && LibC.fastUnlinkat(dfd, name, 0) != 0) {
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

  private boolean isDotOrDotDot(int nameOff) {
    if (dentsView.get(nameOff) != '.') {
      return false;
    }
    byte second = dentsView.get(nameOff + 1);
    return second == 0 || (second == '.' && dentsView.get(nameOff + 2) == 0);
  }

  private boolean isMarked(ReferencedChunks r, int nameOff) {
    return r.isMarked(
        ChunkPath.word(dentsView, nameOff, 0),
        ChunkPath.word(dentsView, nameOff, 1),
        ChunkPath.word(dentsView, nameOff, 2),
        ChunkPath.word(dentsView, nameOff, 3));
  }

  private boolean isBadCopyMarked(ReferencedChunks r, int nameOff) {
    return r.isBadCopyMarked(
        ChunkPath.word(dentsView, nameOff, 0),
        ChunkPath.word(dentsView, nameOff, 1),
        ChunkPath.word(dentsView, nameOff, 2),
        ChunkPath.word(dentsView, nameOff, 3));
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
