package org.jpbs.chunkstore;

/**
 * One sweep thread's mutable counters and the PBS classification rule ({@code cond_sweep_chunk},
 * spec §3.4 step 7 and §4.6). Not thread-safe: one instance per sweep thread, merged at the end.
 * Public for the sweeps of other storage backends (the S3 sweep classifies each listed object by an
 * effective time with the same rule and the same counters).
 */
public final class SweepCounters {
  private final long minAtime;
  private final long oldestWriter;
  long removedChunks;
  long removedBytes;
  long removedBad;
  long pendingChunks;
  long pendingBytes;
  long stillBad;
  long diskChunks;
  long diskBytes;
  long chunkCount;
  long unsizedChunks;

  /** Counters classifying by the given times alone (no marked chunks). */
  public SweepCounters(long minAtime, long oldestWriter) {
    this(minAtime, oldestWriter, null, true);
  }

  SweepCounters(long minAtime, long oldestWriter, ReferencedChunks referenced) {
    this(minAtime, oldestWriter, referenced, true);
  }

  SweepCounters(
      long minAtime, long oldestWriter, ReferencedChunks referenced, boolean statMembers) {
    this.minAtime = minAtime;
    this.oldestWriter = oldestWriter;
    this.referenced = referenced;
    this.skipMemberStat = referenced != null && !statMembers;
  }

  /** This thread's view of the marked chunks (dry run or mark set), or null: atimes only. */
  final ReferencedChunks referenced;

  /**
   * True if a sweeper may keep a marked chunk whose directory entry says "regular file" without a
   * stat ({@link #keptWithoutStat}); its size is then unknown.
   */
  final boolean skipMemberStat;

  /**
   * A marked (non-{@code .bad}) chunk kept without a stat: counted as a disk chunk like a touched
   * one, but its size is not in {@code diskBytes}; {@code unsizedChunks} counts it instead.
   */
  void keptWithoutStat() {
    chunkCount++;
    diskChunks++;
    unsizedChunks++;
  }

  /**
   * The atime to classify with: with marked chunks (a dry run, or a GC that marked in a set), a
   * chunk (or the {@code .bad} copy of a missing chunk) a touching mark phase would have touched
   * counts as touched just now.
   */
  long effectiveAtime(long atimeSeconds, boolean bad, long w0, long w1, long w2, long w3) {
    if (referenced == null) {
      return atimeSeconds;
    }
    boolean marked =
        bad ? referenced.isBadCopyMarked(w0, w1, w2, w3) : referenced.isMarked(w0, w1, w2, w3);
    return marked ? Long.MAX_VALUE : atimeSeconds;
  }

  /**
   * Classifies a regular chunk file. Counts it as pending or disk and returns false, or returns
   * true ("unlink it") without counting: the caller reports the outcome with {@link #removed} or
   * {@link #unlinkFailed}.
   *
   * @param atimeSeconds {@code st_atime} in whole seconds (nanoseconds ignored, as PBS)
   */
  public boolean classify(long atimeSeconds, long size, boolean bad) {
    chunkCount++;
    if (atimeSeconds < minAtime) {
      return true;
    }
    if (atimeSeconds < oldestWriter) {
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
      diskBytes += size; // PBS quirk: a touched .bad file adds bytes only
    }
    return false;
  }

  /**
   * Classifies again, with a newer time, a chunk that {@link #classify} chose for removal but that
   * was not removed yet (a sweep that re-reads the time under a lock before deleting): as {@link
   * #classify}, and the chunk is still counted once.
   */
  public boolean reclassify(long atimeSeconds, long size, boolean bad) {
    chunkCount--;
    return classify(atimeSeconds, size, bad);
  }

  /** Chunks classified so far. */
  public long chunkCount() {
    return chunkCount;
  }

  /** The file classified for removal was unlinked (or would be, in a dry run). */
  public void removed(long size, boolean bad) {
    if (bad) {
      removedBad++;
    } else {
      removedChunks++;
    }
    removedBytes += size;
  }

  /** The file vanished between classification and unlink: it is not counted at all. */
  void vanished() {
    chunkCount--;
  }

  /** Unlinking failed; PBS counts a failed {@code .bad} as still bad, then aborts. */
  void unlinkFailed(boolean bad) {
    if (bad) {
      stillBad++;
    }
  }

  void addTo(long[] totals) {
    totals[0] += removedChunks;
    totals[1] += removedBytes;
    totals[2] += removedBad;
    totals[3] += pendingChunks;
    totals[4] += pendingBytes;
    totals[5] += stillBad;
    totals[6] += diskChunks;
    totals[7] += diskBytes;
    totals[8] += chunkCount;
    totals[9] += unsizedChunks;
  }

  /** Number of counters {@link #addTo} adds. */
  static final int COUNTERS = 10;

  /** This instance's counters as a report. */
  public SweepReport report() {
    long[] t = new long[COUNTERS];
    addTo(t);
    return report(t);
  }

  static SweepReport report(long[] t) {
    return new SweepReport(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9]);
  }
}
