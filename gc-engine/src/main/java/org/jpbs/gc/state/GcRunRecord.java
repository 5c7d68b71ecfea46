package org.jpbs.gc.state;

import java.util.Objects;

/**
 * A GC run as recorded in the history.
 *
 * @param run the run parameters
 * @param phase last recorded phase
 * @param outcome {@link GcOutcome#RUNNING} until finished
 * @param finishEpochSeconds when it finished, 0 while running
 * @param status caller-defined status (e.g. the {@code .gc-status} JSON), empty while running
 * @param durationMillis how long the run (its last process) took, -1 while running or unknown
 */
public record GcRunRecord(
    GcRun run,
    GcPhase phase,
    GcOutcome outcome,
    long finishEpochSeconds,
    String status,
    long durationMillis) {
  /** A record without a known duration. */
  public GcRunRecord(
      GcRun run, GcPhase phase, GcOutcome outcome, long finishEpochSeconds, String status) {
    this(run, phase, outcome, finishEpochSeconds, status, -1);
  }

  /** Validates the components. */
  public GcRunRecord {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(status, "status");
  }

  /** Shortcut for {@code run().runId()}. */
  public long runId() {
    return run.runId();
  }
}
