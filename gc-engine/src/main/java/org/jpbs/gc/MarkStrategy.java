package org.jpbs.gc;

import java.io.IOException;
import org.jpbs.chunkstore.ReferencedChunks;

/**
 * How phase 1 records that a chunk is referenced, and what phase 2 learns from it: the one place a
 * marking mode plugs in. {@link MarkPhase} walks the index files and hands every referenced digest
 * to {@link #chunkMarker()}, recording finished index files in {@link #checkpointer()}; {@link
 * SweepPhase} then classifies with {@link #referencedForSweep()}.
 *
 * <p>Modes today ({@link #forRun}):
 *
 * <ul>
 *   <li>a real run marks in the atimes ({@link TouchingMarker}: {@code utimensat} per chunk, PBS's
 *       way), checkpoints in the GC state ({@link LmdbCheckpointer}) and gives the sweep nothing:
 *       it reads the atimes;
 *   <li>a dry run touches nothing: {@link DryRunMarker} collects the referenced digests and the
 *       sweep treats them as touched now;
 *   <li>the set mode ({@link GcOptions.MarkMode#SET}, real or dry run): {@link SetMarking} adds the
 *       digests to a mark set and hands the finished set to the sweep; its marks do not persist, so
 *       a resumed run marks again.
 * </ul>
 */
interface MarkStrategy extends AutoCloseable {
  /** Receives every referenced digest phase 1 does not skip (thread-safe). */
  ChunkMarker chunkMarker();

  /** Records the index files marked so far, for a resumed run. */
  MarkCheckpointer checkpointer();

  /**
   * Called once after phase 1: the referenced chunks the sweep treats as marked, or null when the
   * mark lives in the chunks' atimes.
   */
  ReferencedChunks referencedForSweep() throws IOException;

  /**
   * Whether the marks outlive this process (atimes do): only then may a run resumed after its
   * marking completed skip phase 1. A strategy that marks in memory (a mark set) returns false, so
   * such a run marks again before it sweeps; its {@link #checkpointer()} must then not skip index
   * files whose marks were lost with the killed process.
   */
  boolean marksPersist();

  /**
   * The mark totals to report once the sweep is done (default: as phase 1 returned them); a
   * strategy that learns of missing chunks only in the sweep adds them here.
   */
  default MarkResult afterSweep(MarkResult mark, GcListener listener) {
    return mark;
  }

  /** Releases what marking holds (temporary files); called after the sweep or on failure. */
  @Override
  void close() throws IOException;

  /** The marking mode of a run with these options. */
  static MarkStrategy forRun(
      GcOptions options,
      GcEnvironment env,
      GcPlan plan,
      GcRunRecorder recorder,
      GcListener listener)
      throws IOException {
    if (options.markMode() == GcOptions.MarkMode.SET) {
      return SetMarking.create(env, options.markMemory(), options.threads());
    }
    if (options.dryRun()) {
      return DryRunMarker.create(env.chunkStore(), listener);
    }
    return new AtimeMarking(
        new TouchingMarker(env.chunkStore(), listener),
        recorder.checkpointer(env.datastore().base(), plan.resumed()));
  }

  /** PBS's marking: touch every referenced chunk; the sweep reads the atimes. */
  record AtimeMarking(ChunkMarker chunkMarker, MarkCheckpointer checkpointer)
      implements MarkStrategy {
    @Override
    public ReferencedChunks referencedForSweep() {
      return null;
    }

    @Override
    public boolean marksPersist() {
      return true;
    }

    @Override
    public void close() {}
  }
}
