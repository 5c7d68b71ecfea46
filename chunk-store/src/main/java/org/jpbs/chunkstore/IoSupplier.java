package org.jpbs.chunkstore;

import java.io.IOException;

/** What runs under {@link ChunkStore#withExclusivePrefixes}. */
@FunctionalInterface
public interface IoSupplier<T> {
  T get() throws IOException;
}
