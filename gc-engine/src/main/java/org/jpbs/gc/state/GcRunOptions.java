package org.jpbs.gc.state;

/**
 * The options a GC run was started with, kept so that a resumed run behaves the same.
 *
 * @param threads mark/sweep worker threads (&ge; 1)
 * @param cacheCapacity digest cache capacity (0 = disabled)
 * @param dryRun whether the sweep only reports
 */
public record GcRunOptions(int threads, int cacheCapacity, boolean dryRun) {
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
