package org.jpbs.gc;

import java.io.IOException;
import java.util.Optional;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.chunkstore.SweepRequest;
import org.jpbs.gc.state.GcStateStore;

/**
 * Phase 2: sweeps the 65,536 chunk directories in {@link #SLICES} slices. For a recorded run it
 * stores, after each slice, the next directory and the counters so far in the GC state; a run
 * resumed in phase 2 continues after the last recorded slice with those counters, so its report
 * covers the whole run (removed bytes included). Not sweeping the recorded slices again is safe: a
 * sweep only removes, so sweeping less can only delay a removal, never remove a kept chunk.
 */
final class SweepPhase {
  /** Few slices: each records one durable LMDB transaction. */
  static final int SLICES = 4;

  private static final int SLICE_DIRS = SweepRequest.DIRECTORIES / SLICES;

  private final ChunkStore store;
  private final GcListener listener;
  private final GcStateStore state;
  private final long runId;

  /** {@code state} null: nothing recorded (dry runs, read-only state). */
  SweepPhase(ChunkStore store, GcListener listener, GcStateStore state, long runId) {
    this.store = store;
    this.listener = listener;
    this.state = state;
    this.runId = runId;
  }

  SweepReport run(SweepRequest request, boolean resumed) throws IOException, InterruptedException {
    long[] acc = new long[9];
    int first = 0;
    Optional<long[]> saved =
        state != null && resumed ? state.sweepProgress(runId) : Optional.empty();
    if (saved.isPresent() && saved.get().length == 1 + acc.length) {
      first = (int) saved.get()[0];
      System.arraycopy(saved.get(), 1, acc, 0, acc.length);
      listener.info(
          "Continuing the sweep at chunk directory "
              + String.format("%04x", first)
              + ": the directories before it were swept before the interruption");
    }
    for (int start = first; start < SweepRequest.DIRECTORIES; start += SLICE_DIRS) {
      int from = start;
      int last = Math.min(SweepRequest.DIRECTORIES, start + SLICE_DIRS) - 1;
      SweepReport r =
          store.sweep(
              request
                  .withPrefixRange(from, last)
                  .withListener(
                      (done, total, entries) ->
                          listener.progress(
                              GcListener.Phase.SWEEP, from + done, SweepRequest.DIRECTORIES)));
      add(acc, r);
      if (state != null && last + 1 < SweepRequest.DIRECTORIES) {
        long[] progress = new long[1 + acc.length];
        progress[0] = last + 1;
        System.arraycopy(acc, 0, progress, 1, acc.length);
        state.saveSweepProgress(runId, progress);
      }
    }
    return new SweepReport(acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7], acc[8]);
  }

  private static void add(long[] acc, SweepReport r) {
    long[] v = {
      r.removedChunks(),
      r.removedBytes(),
      r.removedBad(),
      r.pendingChunks(),
      r.pendingBytes(),
      r.stillBad(),
      r.diskChunks(),
      r.diskBytes(),
      r.chunkCount()
    };
    for (int i = 0; i < acc.length; i++) {
      acc[i] += v[i];
    }
  }
}
