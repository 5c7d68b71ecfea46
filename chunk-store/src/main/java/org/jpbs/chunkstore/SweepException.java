package org.jpbs.chunkstore;

import java.io.IOException;

/**
 * A sweep stopped before finishing: an I/O error (the message names the path) or a cancellation by
 * the abort check. Files unlinked before the stop stay unlinked; {@link #partialReport()} counts
 * them (PBS semantics: earlier deletions remain, a failed {@code .bad} unlink counts in {@code
 * stillBad}).
 */
public final class SweepException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient SweepReport partialReport;
  private final boolean aborted;

  SweepException(String message, Throwable cause, SweepReport partialReport, boolean aborted) {
    super(message, cause);
    this.partialReport = partialReport;
    this.aborted = aborted;
  }

  /** The counters accumulated until the stop. */
  public SweepReport partialReport() {
    return partialReport;
  }

  /** True if the abort check requested the stop (rather than an I/O error). */
  public boolean aborted() {
    return aborted;
  }
}
