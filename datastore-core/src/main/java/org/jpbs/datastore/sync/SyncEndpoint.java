package org.jpbs.datastore.sync;

import java.util.Objects;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.datastore.backup.WriterRegistration;

/**
 * One side of a sync: the datastore tree, its local chunk store (for S3 the cache, whose {@code
 * .lock} a target holds shared), where its chunks are read and written, and (for a target) how a
 * writer registers with its GC.
 */
public record SyncEndpoint(
    Datastore datastore, ChunkStore store, ChunkBackend chunks, WriterRegistration registration) {
  public SyncEndpoint {
    Objects.requireNonNull(datastore, "datastore");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(registration, "registration");
  }
}
