package org.jpbs.gc;

import java.time.InstantSource;
import java.util.Objects;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.FileTimeClock;
import org.jpbs.datastore.Datastore;
import org.jpbs.gc.state.GcStateStore;

/**
 * The open resources one GC run works on. The caller owns and closes them.
 *
 * @param datastore the datastore tree
 * @param chunkStore the datastore's chunk store (same base directory)
 * @param state the datastore's GC state (LMDB)
 * @param clock the wall clock (injected; tests use a fake)
 * @param fileClock the clock the filesystem stamps atimes with; phase 1 starts at the earlier of
 *     the two, so a chunk touched after the start never has an atime before it
 */
public record GcEnvironment(
    Datastore datastore,
    ChunkStore chunkStore,
    GcStateStore state,
    InstantSource clock,
    InstantSource fileClock) {
  /**
   * With {@link FileTimeClock} as the file clock when {@code clock} is the system clock, else
   * {@code clock}.
   */
  public GcEnvironment(
      Datastore datastore, ChunkStore chunkStore, GcStateStore state, InstantSource clock) {
    this(
        datastore,
        chunkStore,
        state,
        clock,
        clock == InstantSource.system() ? FileTimeClock.INSTANCE : clock);
  }

  public GcEnvironment {
    Objects.requireNonNull(fileClock, "fileClock");
    Objects.requireNonNull(datastore, "datastore");
    Objects.requireNonNull(chunkStore, "chunkStore");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(clock, "clock");
    if (!datastore
        .base()
        .toAbsolutePath()
        .normalize()
        .equals(chunkStore.base().toAbsolutePath().normalize())) {
      throw new IllegalArgumentException(
          "datastore " + datastore.base() + " and chunk store " + chunkStore.base() + " differ");
    }
  }
}
