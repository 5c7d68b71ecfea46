package org.jpbs.gc.state;

/**
 * A registered writer; {@link #close()} removes the registry entry (idempotent). If the process
 * dies without closing, the entry is detected as dead (pid gone or reused) and purged.
 */
public final class WriterLease implements AutoCloseable {
  private final GcStateStore store;
  private final WriterInfo info;
  private boolean closed;

  WriterLease(GcStateStore store, WriterInfo info) {
    this.store = store;
    this.info = info;
  }

  /** The registered entry. */
  public WriterInfo info() {
    return info;
  }

  /** Removes the registry entry; idempotent. */
  @Override
  public synchronized void close() throws GcStateException {
    if (!closed) {
      store.unregisterWriter(info.leaseId());
      closed = true;
    }
  }
}
