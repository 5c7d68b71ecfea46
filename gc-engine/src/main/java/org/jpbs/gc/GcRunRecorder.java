package org.jpbs.gc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.jpbs.gc.state.GcOutcome;
import org.jpbs.gc.state.GcPhase;
import org.jpbs.gc.state.GcStateStore;

/**
 * Every update one run makes to its record in the GC state, named by the phase boundary it marks:
 * the phases call these and nothing else of {@link GcStateStore} (only the mark checkpoint, handed
 * to phase 1 as {@link #checkpointer}, writes while marking).
 *
 * <p>What is recorded depends on the run: a real run records everything; a dry run on a writable
 * state records its run (phase, outcome) but no mark-phase marker, checkpoint, totals or sweep
 * progress (it touches nothing, so a resume would have nothing to continue); a dry run on a
 * read-only state records nothing.
 */
final class GcRunRecorder {
  private final GcStateStore state;
  private final long runId;
  private final boolean dryRun;

  GcRunRecorder(GcStateStore state, long runId, boolean dryRun) {
    this.state = state;
    this.runId = runId;
    this.dryRun = dryRun;
  }

  private boolean recordsRun() {
    return !state.readOnly();
  }

  private boolean recordsProgress() {
    return !dryRun && !state.readOnly();
  }

  /** Phase 1 begins: the run's phase, then the mark-phase marker the barrier consults. */
  void markBegins(GcPlan plan) throws IOException {
    phase(GcPhase.MARK);
    if (!dryRun) {
      state.markPhaseBegin(runId, plan.minAtime(), plan.run().phase1StartEpochSeconds());
    }
  }

  /** Phase 1 ended, marked or failed: withdraws the mark-phase marker. */
  void markEnds() throws IOException {
    if (!dryRun) {
      state.markPhaseEnd(runId);
    }
  }

  /** Phase 1 completed: its totals, so a run resumed in phase 2 reports the whole run. */
  void markCompleted(MarkResult mark) throws IOException {
    if (!dryRun) {
      state.runProgress().saveMarkTotals(runId, counters(mark));
    }
  }

  /** The totals {@link #markCompleted} recorded, for a run resumed in phase 2. */
  MarkResult recordedMarkTotals() throws IOException {
    return state
        .runProgress()
        .markTotals(runId)
        .map(GcRunRecorder::markResult)
        .orElse(new MarkResult(0, 0, 0, 0, 0, 0, 0, 0));
  }

  /** The mark checkpoint of a real run (resumed: it skips the files recorded before). */
  MarkCheckpointer checkpointer(Path datastoreBase, boolean resumed) {
    return new LmdbCheckpointer(state, runId, datastoreBase, resumed);
  }

  /** Phase 2 begins. */
  void sweepBegins() throws IOException {
    phase(GcPhase.SWEEP);
  }

  /** Where an interrupted sweep of this run stopped: next prefix, then its counters. */
  Optional<long[]> recordedSweepProgress() throws IOException {
    return recordsProgress() ? state.runProgress().sweepProgress(runId) : Optional.empty();
  }

  /** A sweep slice is done: the next prefix and the counters so far. */
  void sweepSliceDone(long[] progress) throws IOException {
    if (recordsProgress()) {
      state.runProgress().saveSweepProgress(runId, progress);
    }
  }

  /** The run succeeded with this status ({@link GcReport#statusJson()}). */
  void succeeded(byte[] statusJson, long millis) throws IOException {
    if (recordsRun()) {
      state.finishRun(
          runId, GcOutcome.SUCCEEDED, new String(statusJson, StandardCharsets.UTF_8), millis);
    }
  }

  /** The run failed; a failure to record that is added to {@code cause} as suppressed. */
  void failed(Exception cause, long millis) {
    if (!recordsRun()) {
      return;
    }
    try {
      state.finishRun(runId, GcOutcome.FAILED, String.valueOf(cause.getMessage()), millis);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private void phase(GcPhase phase) throws IOException {
    if (recordsRun()) {
      state.updatePhase(runId, phase);
    }
  }

  private static long[] counters(MarkResult m) {
    return new long[] {
      m.indexFileCount(), m.indexDataBytes(), m.cacheHits(), m.cacheMisses(),
      m.missingChunks(), m.unexpectedIndexFiles(), m.skippedByCheckpoint(), m.retries()
    };
  }

  private static MarkResult markResult(long[] c) {
    return c.length != 8
        ? new MarkResult(0, 0, 0, 0, 0, 0, 0, 0)
        : new MarkResult(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
  }
}
