package org.jpbs.gc.state;

import java.util.Optional;

/**
 * How far a running GC run got, so a run resumed in phase 2 reports the whole run: its mark totals
 * (recorded once phase 1 completed) and its sweep progress (next chunk prefix and the counters so
 * far, recorded after each sweep slice). Cleared with the run's checkpoint by {@link
 * GcStateStore#finishRun}. Obtained from {@link GcStateStore#runProgress()}; thread-safe.
 */
public final class GcRunProgress {
  private final GcStateStore store;
  private final MarkCheckpoint checkpoint;

  /** {@code checkpoint} null: a read-only state where none exists (every read is empty). */
  GcRunProgress(GcStateStore store, MarkCheckpoint checkpoint) {
    this.store = store;
    this.checkpoint = checkpoint;
  }

  /** Records run {@code runId}'s mark counters. */
  public void saveMarkTotals(long runId, long[] counters) throws GcStateException {
    store.ensureWritable();
    checkpoint.saveTotals(MarkCheckpoint.KEY_TOTALS, runId, counters.clone());
  }

  /** The counters {@link #saveMarkTotals} recorded for {@code runId}, if any. */
  public Optional<long[]> markTotals(long runId) throws GcStateException {
    return read(MarkCheckpoint.KEY_TOTALS, runId);
  }

  /** Records run {@code runId}'s sweep progress (next directory, counters). */
  public void saveSweepProgress(long runId, long[] progress) throws GcStateException {
    store.ensureWritable();
    checkpoint.saveTotals(MarkCheckpoint.KEY_SWEEP, runId, progress.clone());
  }

  /** The progress {@link #saveSweepProgress} recorded for {@code runId}, if any. */
  public Optional<long[]> sweepProgress(long runId) throws GcStateException {
    return read(MarkCheckpoint.KEY_SWEEP, runId);
  }

  private Optional<long[]> read(byte[] kind, long runId) throws GcStateException {
    store.ensureOpen();
    return checkpoint == null
        ? Optional.empty()
        : Optional.ofNullable(checkpoint.totals(kind, runId));
  }
}
