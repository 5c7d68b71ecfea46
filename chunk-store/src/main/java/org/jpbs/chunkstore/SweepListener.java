package org.jpbs.chunkstore;

/**
 * Receives sweep progress. Calls are serialized (never concurrent) but may come from any sweep
 * thread; keep them cheap.
 */
@FunctionalInterface
public interface SweepListener {
  /** No-op listener. */
  SweepListener NONE = (dirsDone, dirsTotal, entries) -> {};

  /**
   * Reports that {@code dirsDone} of {@code dirsTotal} chunk directories are done and {@code
   * entries} chunk files were classified so far. Called after every batch of directories and once
   * at the end ({@code dirsDone == dirsTotal}).
   */
  void progress(int dirsDone, int dirsTotal, long entries);
}
