package org.jpbs.gc;

import java.time.Duration;
import java.util.Objects;
import org.jpbs.gc.markset.MarkSetWriter;

/**
 * What one garbage collection run does (spec §9.2 knobs plus jpbs's own).
 *
 * @param cutoff the atime cutoff ({@code gc-atime-cutoff}); default 24 h 5 min
 * @param cacheCapacity digest cache entries ({@code gc-cache-capacity}); 0 disables the cache
 * @param threads worker threads for mark and sweep (≥ 1); results are identical for any count;
 *     default {@link #defaultThreads()}
 * @param dryRun report what would be removed without touching or unlinking anything
 * @param atimeSafetyCheck run the §3.6 check before marking ({@code gc-atime-safety-check})
 * @param resume resume an interrupted run of this store from its checkpoint when there is one
 * @param seedRaceRetry PBS 3.4.1's re-list of a group whose newest snapshot lost an index; only
 *     tests turn it off, to show the race it closes
 * @param markOrder the order in which phase 1 touches chunks; same set of touched chunks either way
 * @param markBatchEntries with {@link MarkOrder#DIRECTORY}: the most index references collected
 *     (their files kept mapped) before they are touched; bounds memory and the work a kill loses
 * @param markMode where phase 1 records its marks: chunk atimes (PBS) or a mark set (the default)
 * @param markMemory with {@link MarkMode#SET}: the mark set's memory budget in bytes ({@code
 *     --mark-memory}); beyond it the set spills to the GC state directory
 * @param statMembers with {@link MarkMode#SET}: false keeps the mark set's members without a {@code
 *     statx} ({@code --member-stat skip}); {@code disk-bytes} is then unknown and {@code
 *     .gc-status} is not written (see {@link GcReport#diskBytesKnown()}). Ignored in {@link
 *     MarkMode#ATIME}. Default true
 */
public record GcOptions(
    Duration cutoff,
    int cacheCapacity,
    int threads,
    boolean dryRun,
    boolean atimeSafetyCheck,
    boolean resume,
    boolean seedRaceRetry,
    MarkOrder markOrder,
    long markBatchEntries,
    MarkMode markMode,
    long markMemory,
    boolean statMembers) {

  /** The order in which phase 1 touches the referenced chunks. */
  public enum MarkOrder {
    /**
     * jpbs: references of many index files collected, sorted by digest, each distinct chunk touched
     * once in chunk-directory order (much cheaper for the kernel). The default.
     */
    DIRECTORY,
    /** PBS: each index's digests as the index is read, duplicates skipped by the LRU cache. */
    INDEX
  }

  /** How phase 1 records that a chunk is referenced (issue 15). */
  public enum MarkMode {
    /** PBS: {@code utimensat} on every referenced chunk; the sweep reads the atimes. */
    ATIME,
    /**
     * jpbs: referenced digests go to an exact mark set ({@link org.jpbs.gc.markset}); the sweep
     * keeps its members and classifies every other chunk by its atime, as PBS does. The default: no
     * syscall per referenced chunk in phase 1, same {@code .gc-status} as {@link #ATIME}.
     */
    SET
  }

  /** Default {@link #markBatchEntries}: 2,097,152 references (64 MiB of mapped .fidx entries). */
  public static final long DEFAULT_MARK_BATCH_ENTRIES = 2L * 1024 * 1024;

  /** PBS's default digest cache capacity. */
  public static final int DEFAULT_CACHE_CAPACITY = 1024 * 1024;

  /** The most worker threads {@link #defaultThreads()} chooses. */
  public static final int MAX_DEFAULT_THREADS = 8;

  /** PBS's largest accepted cache capacity. */
  public static final int MAX_CACHE_CAPACITY = 8 * 1024 * 1024;

  public GcOptions {
    Objects.requireNonNull(cutoff, "cutoff");
    if (cutoff.isNegative()) {
      throw new IllegalArgumentException("cutoff must not be negative: " + cutoff);
    }
    if (cacheCapacity < 0 || cacheCapacity > MAX_CACHE_CAPACITY) {
      throw new IllegalArgumentException(
          "cache capacity must be 0.." + MAX_CACHE_CAPACITY + ": " + cacheCapacity);
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be 1..256: " + threads);
    }
    Objects.requireNonNull(markOrder, "markOrder");
    if (markBatchEntries < 1) {
      throw new IllegalArgumentException(
          "mark batch entries must be positive: " + markBatchEntries);
    }
    Objects.requireNonNull(markMode, "markMode");
    if (markMemory < MarkSetWriter.MIN_MEMORY_BUDGET
        || markMemory > MarkSetWriter.MAX_MEMORY_BUDGET) {
      throw new IllegalArgumentException(
          "mark memory must be "
              + MarkSetWriter.MIN_MEMORY_BUDGET
              + ".."
              + MarkSetWriter.MAX_MEMORY_BUDGET
              + " bytes: "
              + markMemory);
    }
  }

  /**
   * The default thread count: the available processors, at most {@value #MAX_DEFAULT_THREADS}
   * (beyond that the chunk directories' syscalls, not the CPUs, bound a run).
   */
  public static int defaultThreads() {
    return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_THREADS));
  }

  /**
   * PBS defaults (cutoff, cache capacity), {@link #defaultThreads()} threads, real run, atime check
   * on, resume on, retry on, directory order, set mode with the default mark-set memory.
   */
  public static GcOptions defaults() {
    return new GcOptions(
        SweepCutoff.DEFAULT_CUTOFF,
        DEFAULT_CACHE_CAPACITY,
        defaultThreads(),
        false,
        true,
        true,
        true,
        MarkOrder.DIRECTORY,
        DEFAULT_MARK_BATCH_ENTRIES,
        MarkMode.SET,
        MarkSetWriter.DEFAULT_MEMORY_BUDGET,
        true);
  }

  public GcOptions withCutoff(Duration c) {
    return new GcOptions(
        c,
        cacheCapacity,
        threads,
        dryRun,
        atimeSafetyCheck,
        resume,
        seedRaceRetry,
        markOrder,
        markBatchEntries,
        markMode,
        markMemory,
        statMembers);
  }

  public GcOptions withCacheCapacity(int c) {
    return new GcOptions(
        cutoff,
        c,
        threads,
        dryRun,
        atimeSafetyCheck,
        resume,
        seedRaceRetry,
        markOrder,
        markBatchEntries,
        markMode,
        markMemory,
        statMembers);
  }

  public GcOptions withThreads(int t) {
    return new GcOptions(
        cutoff,
        cacheCapacity,
        t,
        dryRun,
        atimeSafetyCheck,
        resume,
        seedRaceRetry,
        markOrder,
        markBatchEntries,
        markMode,
        markMemory,
        statMembers);
  }

  public GcOptions withDryRun(boolean d) {
    return new GcOptions(
        cutoff,
        cacheCapacity,
        threads,
        d,
        atimeSafetyCheck,
        resume,
        seedRaceRetry,
        markOrder,
        markBatchEntries,
        markMode,
        markMemory,
        statMembers);
  }

  public GcOptions withAtimeSafetyCheck(boolean a) {
    return new GcOptions(
        cutoff,
        cacheCapacity,
        threads,
        dryRun,
        a,
        resume,
        seedRaceRetry,
        markOrder,
        markBatchEntries,
        markMode,
        markMemory,
        statMembers);
  }

  public GcOptions withResume(boolean r) {
    return new GcOptions(
        cutoff,
        cacheCapacity,
        threads,
        dryRun,
        atimeSafetyCheck,
        r,
        seedRaceRetry,
        markOrder,
        markBatchEntries,
        markMode,
        markMemory,
        statMembers);
  }

  public GcOptions withSeedRaceRetry(boolean r) {
    return new GcOptions(
        cutoff,
        cacheCapacity,
        threads,
        dryRun,
        atimeSafetyCheck,
        resume,
        r,
        markOrder,
        markBatchEntries,
        markMode,
        markMemory,
        statMembers);
  }

  public GcOptions withMarkOrder(MarkOrder o) {
    return new GcOptions(
        cutoff,
        cacheCapacity,
        threads,
        dryRun,
        atimeSafetyCheck,
        resume,
        seedRaceRetry,
        o,
        markBatchEntries,
        markMode,
        markMemory,
        statMembers);
  }

  public GcOptions withMarkBatchEntries(long n) {
    return new GcOptions(
        cutoff,
        cacheCapacity,
        threads,
        dryRun,
        atimeSafetyCheck,
        resume,
        seedRaceRetry,
        markOrder,
        n,
        markMode,
        markMemory,
        statMembers);
  }

  public GcOptions withMarkMode(MarkMode m) {
    return new GcOptions(
        cutoff,
        cacheCapacity,
        threads,
        dryRun,
        atimeSafetyCheck,
        resume,
        seedRaceRetry,
        markOrder,
        markBatchEntries,
        m,
        markMemory,
        statMembers);
  }

  public GcOptions withMarkMemory(long bytes) {
    return new GcOptions(
        cutoff,
        cacheCapacity,
        threads,
        dryRun,
        atimeSafetyCheck,
        resume,
        seedRaceRetry,
        markOrder,
        markBatchEntries,
        markMode,
        bytes,
        statMembers);
  }

  public GcOptions withMemberStat(boolean stat) {
    return new GcOptions(
        cutoff,
        cacheCapacity,
        threads,
        dryRun,
        atimeSafetyCheck,
        resume,
        seedRaceRetry,
        markOrder,
        markBatchEntries,
        markMode,
        markMemory,
        stat);
  }
}
