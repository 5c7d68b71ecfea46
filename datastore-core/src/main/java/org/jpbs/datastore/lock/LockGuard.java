package org.jpbs.datastore.lock;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpbs.posix.LibC;

/**
 * A held {@code flock(2)} lock on its own open file description; {@link #close()} releases it.
 *
 * <p>Thread-safe; closing twice is a no-op. A guard that is never closed keeps the lock until the
 * process exits (the kernel drops flock locks with the last fd, so a crashed process never leaves a
 * stale lock behind).
 *
 * <p>A shared guard on a lock file that does not exist on a read-only mount holds no descriptor and
 * no lock (see the package docs); it behaves like any other guard.
 */
public final class LockGuard implements AutoCloseable {
  private final int fd;
  private final Path lockFile;
  private final LockMode mode;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** {@code fd} -1: nothing held (shared lock, lock file absent on a read-only mount). */
  LockGuard(int fd, Path lockFile, LockMode mode) {
    this.fd = fd;
    this.lockFile = lockFile;
    this.mode = mode;
  }

  /** Returns the lock file this guard locks. */
  public Path lockFile() {
    return lockFile;
  }

  /** Returns the mode the lock is held in. */
  public LockMode mode() {
    return mode;
  }

  /** Returns whether {@link #close()} has not been called yet. */
  public boolean isHeld() {
    return !closed.get();
  }

  /** Releases the lock by closing the descriptor (errors from close(2) cannot keep a flock). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && fd >= 0) {
      LibC.close(fd);
    }
  }

  @Override
  public String toString() {
    return "LockGuard["
        + mode
        + ' '
        + lockFile
        + (fd < 0 ? " no lock file, read-only" : "")
        + (isHeld() ? "" : " released")
        + ']';
  }
}
