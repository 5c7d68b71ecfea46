package org.jpbs.gc;

/**
 * Receives a run's progress and warnings. Called from the GC's threads; implementations must be
 * thread-safe and fast. Every method has a no-op default.
 */
public interface GcListener {
  /** The phases, in order. */
  enum Phase {
    PREPARE,
    MARK,
    SWEEP,
    DONE
  }

  /** A phase began; {@code total} is its unit count (index files, chunk directories) or -1. */
  default void phaseStarted(Phase phase, long total) {}

  /** {@code done} of {@code total} units of the current phase are complete. */
  default void progress(Phase phase, long done, long total) {}

  /** A condition PBS logs as a warning (missing chunk, unexpected index file, ...). */
  default void warning(String message) {}

  /** An informational line in PBS's task-log wording. */
  default void info(String message) {}

  /**
   * Polled between units of work; return true to cancel the run (it then fails before any sweep).
   */
  default boolean cancelRequested() {
    return false;
  }

  /** A listener that ignores everything. */
  GcListener NONE = new GcListener() {};
}
