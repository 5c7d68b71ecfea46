package org.jpbs.datastore.backup;

/**
 * Receives progress of a backup, restore or verify: {@code done} of {@code total} units (bytes for
 * backup and restore; snapshots for a verify run), {@code total < 0} when unknown.
 *
 * <p>Called from the working thread (for verify: the coordinating thread), at most once per chunk
 * or snapshot; implementations must be cheap and must not throw.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores all progress. */
  ProgressListener NONE = (done, total) -> {};

  /** Reports that {@code done} of {@code total} units are finished. */
  void progress(long done, long total);
}
