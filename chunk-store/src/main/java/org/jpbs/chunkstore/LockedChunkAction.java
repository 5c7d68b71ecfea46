package org.jpbs.chunkstore;

import java.io.IOException;

/** What runs under {@link ChunkStore#withSharedChunkLock}. */
@FunctionalInterface
public interface LockedChunkAction<T> {
  T run(ChunkStore.LockedChunk chunk) throws IOException;
}
