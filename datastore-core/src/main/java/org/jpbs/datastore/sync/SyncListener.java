package org.jpbs.datastore.sync;

/**
 * What a sync tells its caller while it runs (progress, per-snapshot lines, warnings). Called from
 * the worker threads: implementations must be thread-safe.
 */
public interface SyncListener {
  /** Does nothing. */
  SyncListener NONE = new SyncListener() {};

  /** The plan: {@code snapshots} to copy holding {@code bytes} of archive data (an estimate). */
  default void planned(long snapshots, long bytes) {}

  /** Cumulative archive bytes processed (copied or found on the target) so far. */
  default void progress(long bytesDone) {}

  /** One line about a snapshot or group: copied, skipped, removed. */
  default void info(String line) {}

  /** Something skipped or failed that the run survives. */
  default void warn(String line) {}
}
