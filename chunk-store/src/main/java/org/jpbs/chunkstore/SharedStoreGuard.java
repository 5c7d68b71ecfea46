package org.jpbs.chunkstore;

import java.io.IOException;
import java.time.Instant;

/**
 * One shared hold of a store's {@code .lock} (see {@link StoreLock}); closing it releases this
 * hold, and the last close of the process releases the fcntl lock. {@code close()} is idempotent.
 * Thread-safe.
 */
public final class SharedStoreGuard implements AutoCloseable {
  private final StoreLock owner;
  private final long id;
  private final Instant acquiredAt;
  private boolean closed;

  SharedStoreGuard(StoreLock owner, long id, Instant acquiredAt) {
    this.owner = owner;
    this.id = id;
    this.acquiredAt = acquiredAt;
  }

  /** When this guard was taken (from the clock given at acquisition). */
  public Instant acquiredAt() {
    return acquiredAt;
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    owner.release(id);
  }

  @Override
  public String toString() {
    return "SharedStoreGuard[" + owner.file() + ", acquiredAt=" + acquiredAt + "]";
  }
}
