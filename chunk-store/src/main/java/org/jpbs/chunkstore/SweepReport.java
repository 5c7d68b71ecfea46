package org.jpbs.chunkstore;

/**
 * The counters of one sweep, named and computed exactly as PBS {@code GarbageCollectionStatus}
 * (spec §4.6), plus {@code chunkCount}, the number of regular chunk files classified (PBS uses it
 * for its progress log only).
 *
 * @param removedChunks non-{@code .bad} files unlinked ({@code atime < minAtime})
 * @param removedBytes Σ size of all unlinked files, {@code .bad} included
 * @param removedBad {@code .bad} files unlinked
 * @param pendingChunks non-{@code .bad} files with {@code minAtime <= atime < oldestWriter}
 * @param pendingBytes Σ size of all files in the pending class, {@code .bad} included
 * @param stillBad {@code .bad} files in the pending class, +1 if unlinking a {@code .bad} failed
 * @param diskChunks non-{@code .bad} files with {@code atime >= max(minAtime, oldestWriter)}
 * @param diskBytes Σ size of all files in the disk class, {@code .bad} included
 * @param chunkCount regular files with a chunk name that were classified
 * @param unsizedChunks disk chunks kept as marked without a stat ({@link
 *     SweepRequest#withMemberStat} false): counted in {@code diskChunks} and {@code chunkCount},
 *     their sizes are not in {@code diskBytes}, which is then a lower bound, not PBS's counter
 */
public record SweepReport(
    long removedChunks,
    long removedBytes,
    long removedBad,
    long pendingChunks,
    long pendingBytes,
    long stillBad,
    long diskChunks,
    long diskBytes,
    long chunkCount,
    long unsizedChunks) {

  /** All zero. */
  public static final SweepReport EMPTY = new SweepReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Counters of a sweep that stat-ed every file ({@code unsizedChunks} 0). */
  public SweepReport(
      long removedChunks,
      long removedBytes,
      long removedBad,
      long pendingChunks,
      long pendingBytes,
      long stillBad,
      long diskChunks,
      long diskBytes,
      long chunkCount) {
    this(
        removedChunks,
        removedBytes,
        removedBad,
        pendingChunks,
        pendingBytes,
        stillBad,
        diskChunks,
        diskBytes,
        chunkCount,
        0);
  }

  /** True if {@code diskBytes} is PBS's counter: every disk chunk was stat-ed. */
  public boolean diskBytesKnown() {
    return unsizedChunks == 0;
  }
}
