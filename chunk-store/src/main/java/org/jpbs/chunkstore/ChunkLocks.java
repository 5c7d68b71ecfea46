package org.jpbs.chunkstore;

import java.io.Closeable;
import java.io.IOException;

/**
 * Per-directory-prefix reader/writer exclusion between chunk writers (insert, touch) and the
 * sweeper (stat + unlink), see the package documentation for the protocol.
 *
 * <p>Locks are held by the calling thread and must be released by it. Not reentrant between shared
 * and exclusive on the same prefix.
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
   * Blocks until this thread holds the {@code count} prefixes {@code first .. first + count - 1}
   * exclusively (the sweep, one batch of contiguous directories per call). Afterwards each prefix
   * of the range is held exactly as if {@link #lockExclusive} had been called for it; a shared lock
   * on any of them waits until {@link #unlockExclusiveRange} releases the range.
   *
   * @throws IndexOutOfBoundsException if the range is empty or leaves {@code 0 .. 65535}
   */
  void lockExclusiveRange(int first, int count) throws IOException;

  /** Releases a range taken by {@link #lockExclusiveRange} with the same arguments. */
  void unlockExclusiveRange(int first, int count) throws IOException;

  /**
   * Frees the calling thread's per-thread resources (it must hold no lock). Called by sweep threads
   * before they end; other threads' resources are freed when they become unreachable.
   */
  default void releaseThread() {}

  /** Number of prefixes (chunk directories): byte offsets {@code 0 .. PREFIXES - 1}. */
  int PREFIXES = 65_536;

  /** Checks a prefix range argument. */
  static void checkRange(int first, int count) {
    if (count < 1) {
      throw new IndexOutOfBoundsException("empty prefix range: " + first + " + " + count);
    }
    java.util.Objects.checkFromIndexSize(first, count, PREFIXES);
  }

  /** "ofd" (cross-process) or "in-process". */
  String name();
}
