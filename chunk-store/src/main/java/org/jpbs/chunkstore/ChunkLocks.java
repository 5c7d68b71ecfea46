package org.jpbs.chunkstore;

import java.io.Closeable;
import java.io.IOException;

/**
 * Per-directory-prefix reader/writer exclusion between chunk writers (insert, touch) and the
 * sweeper (stat + unlink), see the package documentation for the protocol.
 *
 * <p>Locks are held by the calling thread and must be released by it. Not reentrant between
 * shared and exclusive on the same prefix.
 */
interface ChunkLocks extends Closeable {
  /** Blocks until this thread holds the prefix shared (writers: insert, touch). */
  void lockShared(int prefix) throws IOException;

  /** Releases a shared hold of this thread. */
  void unlockShared(int prefix) throws IOException;

  /** Blocks until this thread holds the prefix exclusively (sweep, rename to .bad). */
  void lockExclusive(int prefix) throws IOException;

  /** Releases an exclusive hold of this thread. */
  void unlockExclusive(int prefix) throws IOException;

  /**
   * Frees the calling thread's per-thread resources (it must hold no lock). Called by sweep
   * threads before they end; other threads' resources are freed when they become unreachable.
   */
  default void releaseThread() {}

  /** "ofd" (cross-process) or "in-process". */
  String name();
}
