package org.jpbs.gc.state;

import java.util.Objects;

/**
 * The immutable parameters of one GC run: a resumed run reuses them, in particular its original
 * cutoff {@code minAtime}.
 *
 * @param runId monotonic run id (never reused within a store)
 * @param startEpochSeconds when the run record was created
 * @param phase1StartEpochSeconds PBS {@code phase1_start_time}
 * @param minAtime sweep cutoff in epoch seconds: chunks with {@code atime < minAtime} go
 * @param cutoffSeconds configured cutoff ({@code gc-atime-cutoff} &times; 60, default 86700)
 * @param options run options
 * @param owner the process executing the run (changes when a run is adopted for resume)
 */
public record GcRun(
    long runId,
    long startEpochSeconds,
    long phase1StartEpochSeconds,
    long minAtime,
    long cutoffSeconds,
    GcRunOptions options,
    ProcessIdentity owner) {
  /** Validates the components. */
  public GcRun {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(owner, "owner");
  }
}
