package org.jpbs.gc;

import java.time.Duration;
import java.util.Objects;

/**
 * What one garbage collection run does (spec §9.2 knobs plus jpbs's own).
 *
 * @param cutoff the atime cutoff ({@code gc-atime-cutoff}); default 24 h 5 min
 * @param cacheCapacity digest cache entries ({@code gc-cache-capacity}); 0 disables the cache
 * @param threads worker threads for mark and sweep (≥ 1); results are identical for any count
 * @param dryRun report what would be removed without touching or unlinking anything
 * @param atimeSafetyCheck run the §3.6 check before marking ({@code gc-atime-safety-check})
 * @param resume resume an interrupted run of this store from its checkpoint when there is one
 * @param seedRaceRetry PBS 3.4.1's re-list of a group whose newest snapshot lost an index; only
 *     tests turn it off, to show the race it closes
 * @param markOrder the order in which phase 1 touches chunks; same set of touched chunks either way
 * @param markBatchEntries with {@link MarkOrder#DIRECTORY}: the most index references collected
 *     (their files kept mapped) before they are touched; bounds memory and the work a kill loses
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
    long markBatchEntries) {

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

  /** Default {@link #markBatchEntries}: 2,097,152 references (64 MiB of mapped .fidx entries). */
  public static final long DEFAULT_MARK_BATCH_ENTRIES = 2L * 1024 * 1024;

  /** PBS's default digest cache capacity. */
  public static final int DEFAULT_CACHE_CAPACITY = 1024 * 1024;

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
  }

  /** PBS defaults, one thread, real run, atime check on, resume on, retry on, directory order. */
  public static GcOptions defaults() {
    return new GcOptions(
        SweepCutoff.DEFAULT_CUTOFF,
        DEFAULT_CACHE_CAPACITY,
        1,
        false,
        true,
        true,
        true,
        MarkOrder.DIRECTORY,
        DEFAULT_MARK_BATCH_ENTRIES);
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
        markBatchEntries);
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
        markBatchEntries);
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
        markBatchEntries);
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
        markBatchEntries);
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
        markBatchEntries);
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
        markBatchEntries);
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
        markBatchEntries);
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
        markBatchEntries);
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
        n);
  }
}
