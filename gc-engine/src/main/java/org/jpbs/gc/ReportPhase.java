package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.datastore.Upid;
import org.jpbs.format.GcStatus;
import org.jpbs.gc.state.GcRun;

/**
 * After phase 2: the PBS {@code GarbageCollectionStatus} of the run, logged as PBS logs it and
 * written to {@code .gc-status} (not by a dry run; a write failure is a warning, as in PBS), and
 * the {@link GcReport}. A run that kept mark-set members without a stat ({@code --member-stat
 * skip}) does not know {@code disk-bytes}: it logs "n/a" for it and what derives from it and leaves
 * {@code .gc-status} as it was, because PBS reads that file with every counter required (a null or
 * missing one makes PBS log an error and show the all-zero status, spec §1.4), and a partial sum
 * would be a wrong number. The run's outcome is recorded in the GC state by {@link
 * GarbageCollector} once this phase returned.
 */
final class ReportPhase {
  private final GcEnvironment env;
  private final GcOptions options;
  private final GcListener listener;

  ReportPhase(GcEnvironment env, GcOptions options, GcListener listener) {
    this.env = env;
    this.options = options;
    this.listener = listener;
  }

  GcReport run(GcPlan plan, MarkResult mark, SweepReport sweep, long markMillis, long sweepMillis) {
    GcStatus status =
        new GcStatus(
            gcUpid(env.datastore().base(), plan.run()),
            mark.indexFileCount(),
            mark.indexDataBytes(),
            sweep.diskBytes(),
            sweep.diskChunks(),
            sweep.removedBytes(),
            sweep.removedChunks(),
            sweep.pendingBytes(),
            sweep.pendingChunks(),
            sweep.removedBad(),
            sweep.stillBad(),
            new GcStatus.CacheStats(mark.cacheHits(), mark.cacheMisses()));
    GcSummary.log(status, sweep.diskBytesKnown(), listener);
    if (!sweep.diskBytesKnown()) {
      listener.info(
          sweep.unsizedChunks()
              + " referenced chunks kept without reading their size (--member-stat skip):"
              + " disk bytes unknown"
              + (options.dryRun() ? "" : "; " + GcStatus.FILE_NAME + " left as it was"));
    } else if (!options.dryRun()) {
      try {
        status.store(env.datastore().base().resolve(GcStatus.FILE_NAME), false);
      } catch (IOException e) {
        listener.warning(
            "could not write " + GcStatus.FILE_NAME + ": " + e.getMessage()); // PBS ignores
      }
    }
    listener.phaseStarted(GcListener.Phase.DONE, -1);
    return new GcReport(
        plan.runId(),
        plan.resumed(),
        options.dryRun(),
        plan.run().phase1StartEpochSeconds(),
        plan.oldestWriter(),
        plan.minAtime(),
        mark,
        sweep,
        status,
        markMillis,
        sweepMillis);
  }

  /** The PBS task id of this GC run; the worker id is the datastore's name, as in PBS. */
  private static String gcUpid(Path datastoreBase, GcRun run) {
    Path name = datastoreBase.toAbsolutePath().getFileName();
    return Upid.format(
        Upid.nodeName(),
        run.owner().pid(),
        run.owner().startTicks(),
        run.runId(),
        run.startEpochSeconds(),
        "garbage_collection",
        name == null ? "store" : name.toString(),
        "root@pam");
  }
}
