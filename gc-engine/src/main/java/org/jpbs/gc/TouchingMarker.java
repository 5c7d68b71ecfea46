package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.format.ChunkDigest;

/**
 * The real mark: {@code utimensat} on the chunk (PBS {@code cond_touch_chunk(digest, false)}); for
 * a missing chunk, touch its {@code .0.bad} … {@code .9.bad} copies so they survive while the chunk
 * is referenced, and warn in PBS's words. Allocates nothing for a chunk that exists.
 */
final class TouchingMarker implements ChunkMarker {
  private final ChunkStore store;
  private final GcListener listener;
  private final LongAdder missing = new LongAdder();

  TouchingMarker(ChunkStore store, GcListener listener) {
    this.store = store;
    this.listener = listener;
  }

  @Override
  public void mark(long w0, long w1, long w2, long w3, Path requiredBy) throws IOException {
    if (!store.touchForMark(w0, w1, w2, w3)) { // no allocation per chunk on the JNA path
      ChunkDigest digest = ChunkDigest.ofWords(w0, w1, w2, w3); // rare: a missing chunk
      missing.increment();
      store.touchBadCopies(digest);
      listener.warning(
          "unable to access non-existent chunk "
              + digest.toHex()
              + ", required by \""
              + requiredBy
              + "\"");
    }
  }

  @Override
  public long missingChunks() {
    return missing.sum();
  }
}
