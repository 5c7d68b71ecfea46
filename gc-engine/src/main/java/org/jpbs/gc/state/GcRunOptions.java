package org.jpbs.gc.state;

/**
 * The options a GC run was started with, kept so that a resumed run behaves the same.
 *
 * @param threads mark/sweep worker threads (&ge; 1)
 * @param cacheCapacity digest cache capacity (0 = disabled)
 * @param dryRun whether the sweep only reports
 * @param marksInSet whether phase 1 marked in a mark set of the run's process instead of the
 *     chunks' atimes: such marks die with the process, so a resumed run must mark again even if
 *     this run had finished marking (whatever mode the resuming run uses)
 */
public record GcRunOptions(int threads, int cacheCapacity, boolean dryRun, boolean marksInSet) {
  /** Options of a run that marks in the atimes. */
  public GcRunOptions(int threads, int cacheCapacity, boolean dryRun) {
    this(threads, cacheCapacity, dryRun, false);
  }

  /** Validates the components. */
  public GcRunOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    if (cacheCapacity < 0) {
      throw new IllegalArgumentException("cacheCapacity must be >= 0: " + cacheCapacity);
    }
  }
}
