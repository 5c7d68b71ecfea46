package org.jpbs.chunkstore;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A lock is held by someone else (another thread, process or operation), so it could not be taken:
 * "try again later", not a failure of the lock machinery (that is any other {@link IOException}).
 *
 * <p>The base type of every lock-contention error in jpbs, so that callers (the cli maps it to exit
 * code 3) need to know only this one; the subtypes say which lock: the chunk store's {@code .lock}
 * ({@link StoreLock.LockUnavailableException}), a backup lock ({@code
 * org.jpbs.datastore.lock.LockedException}), the per-store GC lock ({@code
 * org.jpbs.gc.state.GcLockUnavailableException}).
 */
public abstract class LockContentionException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path lockFile;

  /**
   * Creates the exception.
   *
   * @param message the complete message (names the lock file)
   * @param lockFile the lock file that could not be locked
   * @param cause the underlying error, or null
   */
  protected LockContentionException(String message, Path lockFile, Throwable cause) {
    super(message, cause);
    this.lockFile = lockFile;
  }

  /** The lock file that could not be locked. */
  public Path lockFile() {
    return lockFile;
  }
}
