package org.jpbs.chunkstore;

import java.io.IOException;

/**
 * The chunks the GC's mark phase marked without touching them, handed to the sweep: a chunk (or the
 * {@code .bad} copy of a missing chunk) for which this answers true is classified as touched just
 * now ("disk": kept, counted as PBS counts a marked chunk); every other chunk is classified by its
 * atime as always. Two users: a dry run (which touches nothing) and a real run that marks in a mark
 * set instead of the atimes (the GC's set mode, issue 15).
 *
 * <p>Digests are given as their four big-endian words ({@code ChunkDigest.word(i)}). The sweep asks
 * only through {@link #forSweepThread()} views, each confined to one sweep thread, and calls {@link
 * #load} on that view for each span of directories (those one range lock covers) before asking
 * about their entries.
 */
public interface ReferencedChunks {
  /** True if the chunk is referenced by an index (a real run would touch {@code <hex>}). */
  boolean isMarked(long w0, long w1, long w2, long w3);

  /**
   * True if a real run would touch the {@code <hex>.N.bad} copies: the chunk is referenced and
   * missing.
   */
  boolean isBadCopyMarked(long w0, long w1, long w2, long w3);

  /**
   * The view one sweep thread asks through (default: this object, which must then be thread-safe).
   */
  default ReferencedChunks forSweepThread() {
    return this;
  }

  /**
   * Prepares the answers for chunk directories {@code first .. first + count - 1} (0..65535, count
   * at least 1): the sweep calls it before asking about any entry of those directories and, in a
   * real sweep, before taking their lock (one range lock over the span; a load may read from disk).
   * Until the next {@code load}, only digests of those directories are asked about. Default:
   * nothing to prepare.
   *
   * @throws IOException if the answers cannot be prepared; the sweep then fails before it touches
   *     any directory of the span
   */
  default void load(int first, int count) throws IOException {}
}
