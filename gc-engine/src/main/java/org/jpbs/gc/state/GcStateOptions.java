package org.jpbs.gc.state;

/**
 * Tuning of a {@link GcStateStore}.
 *
 * @param allowNetworkFilesystem skip the network-filesystem refusal (tests only: LMDB on NFS
 *     corrupts or deadlocks)
 * @param mapSizeBytes LMDB map size; the file is sparse and grows with use
 * @param maxReaders LMDB reader slots (concurrent read transactions across all processes)
 * @param checkpointBatch mark-checkpoint entries buffered before a commit
 * @param historyLimit finished run records kept (older ones are dropped at {@code beginRun})
 */
public record GcStateOptions(
    boolean allowNetworkFilesystem,
    long mapSizeBytes,
    int maxReaders,
    int checkpointBatch,
    int historyLimit) {
  /** Default map size: 1 GiB (sparse). */
  public static final long DEFAULT_MAP_SIZE = 1L << 30;

  /** Validates the components. */
  public GcStateOptions {
    if (mapSizeBytes < (1L << 20)) {
      throw new IllegalArgumentException("mapSizeBytes must be >= 1 MiB: " + mapSizeBytes);
    }
    if (maxReaders < 1 || checkpointBatch < 1 || historyLimit < 1) {
      throw new IllegalArgumentException(
          "maxReaders, checkpointBatch and historyLimit must be >= 1");
    }
  }

  /**
   * Production defaults: network filesystems refused, 1 GiB map, 256 readers, batch 512, 1000 runs.
   */
  public static GcStateOptions defaults() {
    return new GcStateOptions(false, DEFAULT_MAP_SIZE, 256, 512, 1000);
  }

  /** A copy with the network-filesystem refusal switched off (tests only). */
  public GcStateOptions allowingNetworkFilesystem() {
    return new GcStateOptions(true, mapSizeBytes, maxReaders, checkpointBatch, historyLimit);
  }

  /** A copy with another checkpoint batch size. */
  public GcStateOptions withCheckpointBatch(int batch) {
    return new GcStateOptions(
        allowNetworkFilesystem, mapSizeBytes, maxReaders, batch, historyLimit);
  }

  /** A copy with another history limit. */
  public GcStateOptions withHistoryLimit(int limit) {
    return new GcStateOptions(
        allowNetworkFilesystem, mapSizeBytes, maxReaders, checkpointBatch, limit);
  }
}
