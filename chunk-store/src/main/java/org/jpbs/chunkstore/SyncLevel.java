package org.jpbs.chunkstore;

/** Durability of chunk inserts (PBS datastore tuning {@code sync-level}, spec §9.2). */
public enum SyncLevel {
  /** No fsync at all. */
  NONE,
  /** fsync every chunk file before its rename, and its directory after. */
  FILE,
  /**
   * No per-chunk fsync; the caller calls {@link ChunkStore#syncFilesystem()} at backup end (PBS
   * default).
   */
  FILESYSTEM
}
