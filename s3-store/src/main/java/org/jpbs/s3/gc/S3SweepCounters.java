package org.jpbs.s3.gc;

import org.jpbs.chunkstore.SweepReport;

/**
 * The S3 sweep's counters, classified as PBS's {@code cond_sweep_chunk} does (pbs-s3.md §5.2 step
 * 5, base spec §3.4) with the object's listed size, from an effective time: "now" for a kept
 * member, else the later of the object's {@code LastModified} (in host seconds) and its local cache
 * file's atime. Not thread-safe: one per sweep call.
 */
final class S3SweepCounters {
  private final long minAtime;
  private final long oldestWriter;
  private long removedChunks;
  private long removedBytes;
  private long removedBad;
  private long pendingChunks;
  private long pendingBytes;
  private long stillBad;
  private long diskChunks;
  private long diskBytes;
  private long chunkCount;

  S3SweepCounters(long minAtime, long oldestWriter) {
    this.minAtime = minAtime;
    this.oldestWriter = oldestWriter;
  }

  /**
   * True if an object of this effective time is garbage (not counted yet: see {@link #removed}).
   */
  boolean garbage(long effective) {
    return effective < minAtime;
  }

  /** Counts a kept object (pending or on disk) of this effective time. */
  void kept(long effective, long size, boolean bad) {
    chunkCount++;
    if (effective < oldestWriter) {
      if (bad) {
        stillBad++;
      } else {
        pendingChunks++;
      }
      pendingBytes += size;
    } else {
      if (!bad) {
        diskChunks++;
      }
      diskBytes += size; // PBS quirk: a kept .bad object adds bytes only
    }
  }

  /** Counts a removed object (or, in a dry run, one that would be). */
  void removed(long size, boolean bad) {
    chunkCount++;
    if (bad) {
      removedBad++;
    } else {
      removedChunks++;
    }
    removedBytes += size;
  }

  long chunkCount() {
    return chunkCount;
  }

  SweepReport report() {
    return new SweepReport(
        removedChunks,
        removedBytes,
        removedBad,
        pendingChunks,
        pendingBytes,
        stillBad,
        diskChunks,
        diskBytes,
        chunkCount);
  }
}
