package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What marking does with one referenced chunk digest that the cache has not seen: touch it (a real
 * run) or remember it (a dry run). Implementations are thread-safe: the mark workers call it
 * concurrently, each for the digests of its own prefix partition.
 */
public interface ChunkMarker {
  /**
   * Marks the chunk {@code (w0, w1, w2, w3)} that {@code requiredBy} references.
   *
   * @throws IOException if marking failed in a way that makes the sweep unsafe
   */
  void mark(long w0, long w1, long w2, long w3, Path requiredBy) throws IOException;

  /** Referenced chunks found missing so far. */
  long missingChunks();
}
