package org.jpbs.gc;

import java.io.IOException;
import java.util.Optional;
import org.jpbs.chunkstore.ReferencedChunks;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.chunkstore.SweepRequest;

/**
 * Phase 2 (spec §4.4): sweeps the 65,536 chunk prefixes through the run's {@link ChunkSweeper} (the
 * storage backend) in {@link #SLICES} slices, with the cutoff of the run's {@link GcPlan} and the
 * referenced chunks its {@link MarkStrategy} handed over.
 *
 * <p>GC state at its boundaries ({@link GcRunRecorder}): phase {@code SWEEP} first; for a recorded
 * run, after each slice, the next prefix and the counters so far. A run resumed in phase 2
 * continues after the last recorded slice with those counters, so its report covers the whole run
 * (removed bytes included). Not sweeping the recorded slices again is safe: a sweep only removes,
 * so sweeping less can only delay a removal, never remove a kept chunk.
 */
final class SweepPhase {
  /** Few slices: each records one durable LMDB transaction. */
  static final int SLICES = 4;

  private static final int SLICE_DIRS = SweepRequest.DIRECTORIES / SLICES;

  private final ChunkSweeper sweeper;
  private final GcOptions options;
  private final GcListener listener;
  private final GcRunRecorder recorder;

  SweepPhase(ChunkSweeper sweeper, GcOptions options, GcListener listener, GcRunRecorder recorder) {
    this.sweeper = sweeper;
    this.options = options;
    this.listener = listener;
    this.recorder = recorder;
  }

  /**
   * Sweeps with the cutoff of {@code plan}; {@code referenced} (null: none) are the chunks the mark
   * strategy recorded instead of touching them.
   */
  SweepReport run(GcPlan plan, ReferencedChunks referenced)
      throws IOException, InterruptedException {
    recorder.sweepBegins();
    listener.info("Start GC phase2 (sweep unused chunks)");
    listener.phaseStarted(GcListener.Phase.SWEEP, SweepRequest.DIRECTORIES);
    SweepRequest request =
        SweepRequest.of(plan.minAtime(), plan.oldestWriter())
            .withThreads(options.threads())
            .withDryRun(options.dryRun())
            .withAbortCheck(listener::cancelRequested);
    if (referenced != null) {
      request =
          request
              .withReferenced(referenced)
              .withMemberStat(
                  options.statMembers() || options.markMode() != GcOptions.MarkMode.SET);
    }
    return sweepSlices(request, plan.resumed());
  }

  private SweepReport sweepSlices(SweepRequest request, boolean resumed)
      throws IOException, InterruptedException {
    long[] acc = new long[10];
    int first = 0;
    Optional<long[]> saved = resumed ? recorder.recordedSweepProgress() : Optional.empty();
    // 10 entries: recorded before the unsized-chunks counter existed (it was 0 then)
    if (saved.isPresent() && (saved.get().length == 1 + acc.length || saved.get().length == 10)) {
      first = (int) saved.get()[0];
      System.arraycopy(saved.get(), 1, acc, 0, saved.get().length - 1);
      listener.info(
          "Continuing the sweep at chunk directory "
              + String.format("%04x", first)
              + ": the directories before it were swept before the interruption");
    }
    for (int start = first; start < SweepRequest.DIRECTORIES; start += SLICE_DIRS) {
      int from = start;
      int last = Math.min(SweepRequest.DIRECTORIES, start + SLICE_DIRS) - 1;
      SweepReport r =
          sweeper.sweep(
              request
                  .withPrefixRange(from, last)
                  .withListener(
                      (done, total, entries) ->
                          listener.progress(
                              GcListener.Phase.SWEEP, from + done, SweepRequest.DIRECTORIES)));
      add(acc, r);
      if (last + 1 < SweepRequest.DIRECTORIES) {
        long[] progress = new long[1 + acc.length];
        progress[0] = last + 1;
        System.arraycopy(acc, 0, progress, 1, acc.length);
        recorder.sweepSliceDone(progress);
      }
    }
    return new SweepReport(
        acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7], acc[8], acc[9]);
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
      r.chunkCount(),
      r.unsizedChunks()
    };
    for (int i = 0; i < acc.length; i++) {
      acc[i] += v[i];
    }
  }
}
