package org.jpbs.chunkstore;

/**
 * For a dry-run sweep: which chunks a real GC would have touched in its mark phase. The sweep then
 * classifies those as just touched ("disk") instead of by their current atime, so a dry run reports
 * exactly what a real run would remove, without having touched anything. Thread-safe.
 *
 * <p>Digests are given as their four big-endian words ({@code ChunkDigest.word(i)}).
 */
public interface ReferencedChunks {
  /** True if the chunk is referenced by an index (a real run would touch {@code <hex>}). */
  boolean isMarked(long w0, long w1, long w2, long w3);

  /**
   * True if a real run would touch the {@code <hex>.N.bad} copies: the chunk is referenced and
   * missing.
   */
  boolean isBadCopyMarked(long w0, long w1, long w2, long w3);
}
