package org.jpbs.gc;

import org.jpbs.chunkstore.SweepReport;
import org.jpbs.format.GcStatus;

/**
 * The outcome of one garbage collection run.
 *
 * @param runId the run's id in the GC state
 * @param resumed whether this run continued an interrupted one (with its original cutoff)
 * @param dryRun whether nothing was touched or unlinked
 * @param phase1Start PBS {@code phase1_start_time}, epoch seconds
 * @param oldestWriter the oldest active writer's start (or phase1Start), epoch seconds
 * @param minAtime the sweep cutoff, epoch seconds
 * @param mark what phase 1 did
 * @param sweep the sweep counters (for a dry run: what a real run would have found)
 * @param status the PBS {@code GarbageCollectionStatus} (written to {@code .gc-status} unless dry
 *     or {@link #diskBytesKnown()} is false; then its {@code diskBytes} is only the bytes of the
 *     chunks that were stat-ed, a lower bound that must not be shown as PBS's counter)
 * @param markMillis phase 1 wall time
 * @param sweepMillis phase 2 wall time
 */
public record GcReport(
    long runId,
    boolean resumed,
    boolean dryRun,
    long phase1Start,
    long oldestWriter,
    long minAtime,
    MarkResult mark,
    SweepReport sweep,
    GcStatus status,
    long markMillis,
    long sweepMillis) {

  /**
   * False if the sweep kept mark-set members without a stat ({@code --member-stat skip}): their
   * sizes, hence {@code disk-bytes} and what derives from it (on-disk usage, deduplication factor,
   * average chunk size), are unknown. Every other counter is exact either way.
   */
  public boolean diskBytesKnown() {
    return sweep.diskBytesKnown();
  }

  /**
   * The status as JSON: {@link #status()}'s {@code .gc-status} form, {@code disk-bytes} null if
   * unknown.
   */
  public byte[] statusJson() {
    return status.toJson(diskBytesKnown());
  }
}
