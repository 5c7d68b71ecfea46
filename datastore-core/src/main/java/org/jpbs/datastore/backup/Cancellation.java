package org.jpbs.datastore.backup;

import java.io.InterruptedIOException;

/**
 * Cooperative cancellation for backup, restore and verify: the worker polls {@link #check} between
 * chunks; a cancelled token, or an interrupted worker thread, ends the operation with {@link
 * InterruptedIOException} (after its cleanup: a backup removes its snapshot, a verify writes no
 * manifest).
 *
 * <p>Thread-safe; a token cannot be reset.
 */
public final class Cancellation {
  private volatile boolean cancelled;

  /** A token that is not cancelled. */
  public Cancellation() {}

  /** Requests cancellation; idempotent. */
  public void cancel() {
    cancelled = true;
  }

  /** True once {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * Throws if cancelled or if the current thread is interrupted (the interrupt flag stays set).
   *
   * @param what the operation, for the message
   */
  public void check(String what) throws InterruptedIOException {
    if (cancelled) {
      throw new InterruptedIOException(what + ": cancelled");
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException(what + ": interrupted");
    }
  }
}
