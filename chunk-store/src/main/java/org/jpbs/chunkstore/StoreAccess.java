package org.jpbs.chunkstore;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpbs.posix.CString;
import org.jpbs.posix.LibC;
import org.jpbs.posix.NativeError;

/**
 * How one open {@link ChunkStore} reaches its files: either raw syscalls through the native binding
 * (one open descriptor of {@code .chunks}, {@link JnaToucher}, {@link OfdChunkLocks}, {@link
 * JnaDirectorySweeper}) or the portable NIO fallback ({@link NioToucher}, in-process {@link
 * StripedChunkLocks}, {@link NioDirectorySweeper}). Whether the binding works is decided once per
 * process and logged; {@link ChunkStoreOptions#nativeAccess()} can force the fallback per store.
 */
final class StoreAccess implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ChunkStore.class.getName());

  /** True if the native binding works in this process (decided and logged once). */
  static final boolean NATIVE = chooseImplementationOnce();

  private final Path base;
  private final Path chunksDir;
  private final boolean nativeAccess;
  private final int chunksFd;
  private final AtimeToucher toucher;
  private final ChunkLocks locks;

  StoreAccess(Path base, Path chunksDir, ChunkStoreOptions options) throws IOException {
    this.base = base;
    this.chunksDir = chunksDir;
    this.nativeAccess = NATIVE && options.nativeAccess();
    if (nativeAccess) {
      chunksFd = openDirectory(chunksDir);
      toucher = new JnaToucher(chunksFd, chunksDir);
      locks = new OfdChunkLocks(base.resolve(StoreLayout.CHUNK_LOCKS));
    } else {
      chunksFd = -1;
      toucher = new NioToucher(chunksDir, options.clock());
      locks = new StripedChunkLocks();
    }
  }

  boolean nativeAccess() {
    return nativeAccess;
  }

  AtimeToucher toucher() {
    return toucher;
  }

  ChunkLocks locks() {
    return locks;
  }

  /** A sweeper for one sweep thread. */
  DirectorySweeper newSweeper(SweepProbe probe) {
    return nativeAccess
        ? new JnaDirectorySweeper(chunksFd, chunksDir, probe, onTmpfs())
        : new NioDirectorySweeper(chunksDir, probe);
  }

  private Boolean tmpfs;

  /** True if {@code .chunks} is on a tmpfs (asked once per store access). */
  private synchronized boolean onTmpfs() {
    if (tmpfs == null) {
      try {
        tmpfs = "tmpfs".equals(Files.getFileStore(chunksDir).type());
      } catch (IOException | RuntimeException e) {
        tmpfs = false; // unknown: every directory is listed
      }
    }
    return tmpfs;
  }

  /**
   * {@code syncfs} of the store's filesystem; without the binding a best-effort directory fsync.
   */
  void syncFilesystem() throws IOException {
    if (nativeAccess) {
      if (LibC.syncfs(chunksFd) != 0) {
        throw NativeError.io("syncfs", chunksDir, LibC.errno());
      }
    } else {
      try (FileChannel d = FileChannel.open(chunksDir)) {
        d.force(true); // best effort without syncfs
      }
    }
  }

  /** Closes the chunk locks' descriptors (errors logged) and the {@code .chunks} descriptor. */
  @Override
  public void close() {
    try {
      locks.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing chunk locks of " + base + " failed", e);
    }
    if (chunksFd >= 0) {
      LibC.close(chunksFd);
    }
  }

  private static int openDirectory(Path dir) throws IOException {
    Memory name = CString.of(dir);
    int fd =
        LibC.openat(
            LibC.AT_FDCWD,
            CString.address(name),
            LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC,
            0);
    if (fd < 0) {
      throw NativeError.io("open directory", dir, LibC.errno());
    }
    return fd;
  }

  private static boolean chooseImplementationOnce() {
    if (LibC.AVAILABLE) {
      LOG.log(
          System.Logger.Level.INFO,
          "jpbs chunk-store: native access via JNA (utimensat, getdents64/statx, OFD chunk locks)");
      return true;
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "jpbs chunk-store: NIO fallback ({0}); chunk locks exclude threads of this process only",
        LibC.UNAVAILABLE_REASON);
    return false;
  }
}
