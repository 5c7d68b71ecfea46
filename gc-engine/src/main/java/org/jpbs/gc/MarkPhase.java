package org.jpbs.gc;

import java.io.IOException;
import org.jpbs.datastore.journal.MoveJournal;

/**
 * Phase 1 (spec §4.3): marks every chunk referenced by an index file of the datastore through the
 * run's {@link MarkStrategy}. The walk itself (PBS's order, the seed-race retry, the leftover pass)
 * is {@link MarkWalk}'s; the marking order of the digests ({@link GcOptions.MarkOrder}) is {@link
 * IndexMarkings}'; how a digest is marked is the strategy's.
 *
 * <p>GC state at its boundaries ({@link GcRunRecorder}): phase {@code MARK} and the mark-phase
 * marker before the first listing, the marker withdrawn when marking ends (also on failure), the
 * mark totals once it completed. In between only the strategy's checkpoint records finished index
 * files. A run resumed after it had completed marking does not mark again when its marks persist
 * (atimes, {@link MarkStrategy#marksPersist}): it reports the recorded totals.
 */
final class MarkPhase {
  private final GcEnvironment env;
  private final GcOptions options;
  private final GcListener listener;
  private final MarkPhaseHooks hooks;
  private final GcRunRecorder recorder;

  MarkPhase(
      GcEnvironment env,
      GcOptions options,
      GcListener listener,
      MarkPhaseHooks hooks,
      GcRunRecorder recorder) {
    this.env = env;
    this.options = options;
    this.listener = listener;
    this.hooks = hooks;
    this.recorder = recorder;
  }

  MarkResult run(GcPlan plan, MarkStrategy strategy) throws IOException, InterruptedException {
    if (plan.markDone() && strategy.marksPersist()) {
      listener.info("Marking finished before the interruption; sweeping again");
      return recorder.recordedMarkTotals();
    }
    recorder.markBegins(plan);
    listener.info("Start GC phase1 (mark used chunks)");
    ChunkMarker marker = strategy.chunkMarker();
    MarkResult mark;
    try {
      mark =
          new MarkWalk(
                  env.datastore(),
                  IndexMarkings.factory(options, marker, listener),
                  strategy.checkpointer(),
                  listener,
                  hooks,
                  options.seedRaceRetry())
              .run(marker);
      // moves renamed past the hierarchy pass journaled their indexes first (spec pbs-s3 §7.2)
      mark =
          new MoveJournalDrain(MoveJournal.of(env.datastore()), options, listener)
              .drain(mark, marker);
    } finally {
      recorder.markEnds();
    }
    recorder.markCompleted(mark); // a resumed sweep reports the whole run
    return mark;
  }
}
