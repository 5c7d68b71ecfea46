package org.jpbs.gc;

import java.time.InstantSource;
import java.util.Objects;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.datastore.Datastore;
import org.jpbs.gc.state.GcStateStore;

/**
 * The open resources one GC run works on. The caller owns and closes them.
 *
 * @param datastore the datastore tree
 * @param chunkStore the datastore's chunk store (same base directory)
 * @param state the datastore's GC state (LMDB)
 * @param clock the wall clock (injected; tests use a fake)
 */
public record GcEnvironment(
    Datastore datastore, ChunkStore chunkStore, GcStateStore state, InstantSource clock) {
  public GcEnvironment {
    Objects.requireNonNull(datastore, "datastore");
    Objects.requireNonNull(chunkStore, "chunkStore");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(clock, "clock");
    if (!datastore.base().toAbsolutePath().normalize().equals(chunkStore.base().toAbsolutePath().normalize())) {
      throw new IllegalArgumentException(
          "datastore " + datastore.base() + " and chunk store " + chunkStore.base() + " differ");
    }
  }
}
