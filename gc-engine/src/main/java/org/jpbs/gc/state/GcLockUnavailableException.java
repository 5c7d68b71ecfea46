package org.jpbs.gc.state;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.jpbs.chunkstore.LockContentionException;

/** Another GC already holds the per-store GC lock (one GC per store). */
public final class GcLockUnavailableException extends LockContentionException {
  private static final long serialVersionUID = 1L;

  private final long holderPid;

  /**
   * Creates the exception.
   *
   * @param lockFile the lock file
   * @param holderPid pid recorded by the holder, or {@code -1} if unknown
   */
  GcLockUnavailableException(Path lockFile, long holderPid) {
    super(
        "GC already running on this store (lock held"
            + (holderPid >= 0 ? " by pid " + holderPid : " by an unknown process")
            + ") (resource="
            + lockFile
            + ")",
        lockFile,
        null);
    this.holderPid = holderPid;
  }

  /** The pid written into the lock file by the holder, if it could be read. */
  public OptionalLong holderPid() {
    return holderPid >= 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
  }
}
