package org.jpbs.gc.state;

/** How a GC run ended. */
public enum GcOutcome {
  /** Not finished: running, or killed (resumable when its owner process is dead). */
  RUNNING,
  /** Finished successfully. */
  SUCCEEDED,
  /** Ended with an error. */
  FAILED,
  /** Aborted on request. */
  ABORTED,
  /** Killed and then given up instead of resumed (e.g. superseded by a newer run). */
  ABANDONED;

  static GcOutcome ofCode(int code) {
    GcOutcome[] all = values();
    if (code < 0 || code >= all.length) {
      throw new IllegalArgumentException("unknown GC outcome code " + code);
    }
    return all[code];
  }
}
