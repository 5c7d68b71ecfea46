package org.jpbs.chunkstore;

import java.time.InstantSource;
import java.util.Objects;

/**
 * Options of a {@link ChunkStore}: sync level, clock, and whether native (JNA) access may be used.
 * Immutable.
 */
public final class ChunkStoreOptions {
  private final SyncLevel syncLevel;
  private final InstantSource clock;
  private final boolean nativeAccess;

  private ChunkStoreOptions(SyncLevel syncLevel, InstantSource clock, boolean nativeAccess) {
    this.syncLevel = syncLevel;
    this.clock = clock;
    this.nativeAccess = nativeAccess;
  }

  /**
   * Sync level {@code FILESYSTEM} (PBS default), the caller's clock, native access if available.
   */
  public static ChunkStoreOptions defaults(InstantSource clock) {
    return new ChunkStoreOptions(
        SyncLevel.FILESYSTEM, Objects.requireNonNull(clock, "clock"), true);
  }

  public ChunkStoreOptions withSyncLevel(SyncLevel syncLevel) {
    return new ChunkStoreOptions(Objects.requireNonNull(syncLevel), clock, nativeAccess);
  }

  /** The clock for guard timestamps and for the NIO fallback's explicit atimes. */
  public ChunkStoreOptions withClock(InstantSource clock) {
    return new ChunkStoreOptions(syncLevel, Objects.requireNonNull(clock), nativeAccess);
  }

  /**
   * {@code false} forces the portable NIO implementations (touch, sweep) and in-process chunk locks
   * even where JNA works: for benchmarks and tests only, since it loses cross-process exclusion.
   */
  public ChunkStoreOptions withNativeAccess(boolean allowed) {
    return new ChunkStoreOptions(syncLevel, clock, allowed);
  }

  public SyncLevel syncLevel() {
    return syncLevel;
  }

  public InstantSource clock() {
    return clock;
  }

  public boolean nativeAccess() {
    return nativeAccess;
  }
}
