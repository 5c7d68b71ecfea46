package org.jpbs.gc.state;

/** Progress of a GC run as recorded in its run record. */
public enum GcPhase {
  /** Run record created; preconditions and cutoff computed, marking not yet begun. */
  STARTING,
  /** Phase 1: marking (touching) referenced chunks. Resumable from the mark checkpoint. */
  MARK,
  /** Phase 2: sweeping chunks older than the cutoff. A resume simply sweeps again. */
  SWEEP,
  /** The run ended (see its {@link GcOutcome}). */
  DONE;

  static GcPhase ofCode(int code) {
    GcPhase[] all = values();
    if (code < 0 || code >= all.length) {
      throw new IllegalArgumentException("unknown GC phase code " + code);
    }
    return all[code];
  }
}
