package org.jpbs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.ReadOnlyStoreException;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.datastore.backend.LocalChunkBackend;
import org.jpbs.gc.MarkPhaseBarrier;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.s3.S3Datastore;
import org.jpbs.s3.S3DatastoreSettings;

/**
 * The open resources of one datastore for one command: the chunk store, the datastore tree and,
 * when the command needs it, the GC state (LMDB).
 *
 * <p>Composition root rules: the chunk store is opened first, so a directory that is not a
 * datastore fails with {@link ChunkStore.NotAChunkStoreException} (hint: {@code jpbs init}); the GC
 * state is opened at most once per process (LMDB forbids a second open of one environment); every
 * command that removes snapshots calls {@link #guardRemovals()}, which registers the {@link
 * MarkPhaseBarrier} so a concurrently running GC keeps every chunk of a snapshot removed during its
 * mark phase. Not thread-safe; {@link #close()} releases everything, in reverse order.
 */
public final class DatastoreSession implements AutoCloseable {
  private final ChunkStore chunkStore;
  private final Datastore datastore;
  private final GcStateStore state;
  private final ChunkBackend chunks;
  private final AutoCloseable backend; // the S3 client, or null
  private Datastore.Registration barrier;

  private DatastoreSession(
      ChunkStore chunkStore,
      Datastore datastore,
      GcStateStore state,
      ChunkBackend chunks,
      AutoCloseable backend) {
    this.chunkStore = chunkStore;
    this.datastore = datastore;
    this.state = state;
    this.chunks = chunks;
    this.backend = backend;
  }

  /** Opens chunk store and datastore tree, without GC state, on the caller's {@code clock}. */
  public static DatastoreSession open(Path base, InstantSource clock) throws IOException {
    return open(base, null, StateAccess.READ, clock);
  }

  /**
   * Opens chunk store, datastore tree and the GC state in {@code stateDir} (null: no state), on the
   * caller's {@code clock} (Main's, handed to the command).
   *
   * @throws ChunkStore.NotAChunkStoreException if {@code base} is not a datastore
   */
  public static DatastoreSession open(Path base, Path stateDir, InstantSource clock)
      throws IOException {
    return open(base, stateDir, StateAccess.WRITE, clock);
  }

  /** How a command uses the GC state. */
  public enum StateAccess {
    /** Reads and writes it (creating it if needed). */
    WRITE,
    /** Only reads it: no file created, empty if absent ({@code gc status}, dry runs). */
    READ,
    /** Writes it when its filesystem is writable, else reads it ({@code gc --dry-run}). */
    WRITE_IF_WRITABLE
  }

  /** As {@link #open(Path, Path, InstantSource)}, with the GC state opened for {@code access}. */
  public static DatastoreSession open(
      Path base, Path stateDir, StateAccess access, InstantSource clock) throws IOException {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(clock, "clock");
    if (S3DatastoreSettings.isS3(base)) {
      S3Datastore s3 = S3Datastores.open(base, clock);
      try {
        GcStateStore st = stateDir == null ? null : openState(stateDir, access, clock);
        return new DatastoreSession(s3.cache(), s3.datastore(), st, s3.chunks(), s3);
      } catch (IOException | RuntimeException e) {
        s3.close();
        throw e;
      }
    }
    ChunkStore store = ChunkStore.open(base, ChunkStoreOptions.defaults(clock));
    try {
      Datastore ds = Datastore.open(store.base());
      GcStateStore st = stateDir == null ? null : openState(stateDir, access, clock);
      return new DatastoreSession(store, ds, st, new LocalChunkBackend(store), null);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static GcStateStore openState(Path dir, StateAccess access, InstantSource clock)
      throws IOException {
    return switch (access) {
      case WRITE -> GcStateStore.open(dir, clock);
      case READ -> GcStateStore.openReadOnly(dir, clock);
      case WRITE_IF_WRITABLE -> GcStateStore.openWritableOrReadOnly(dir, clock);
    };
  }

  /** The state directory to use: {@code explicit}, else the default below {@code base}. */
  public static Path stateDir(Path base, Path explicit) {
    return explicit != null ? explicit : GcStateStore.defaultDir(base.toAbsolutePath().normalize());
  }

  /**
   * Refuses a datastore on a read-only mount with one {@link ReadOnlyStoreException} line (exit 5)
   * naming {@code command}: every command that writes calls this before it opens its session, so
   * nothing (GC state included) is opened or created there. Reading commands just {@link #open}:
   * that works on a read-only mount and creates nothing.
   *
   * @throws ChunkStore.NotAChunkStoreException if {@code base} is not a datastore
   */
  static void requireWritable(Path base, String command, InstantSource clock) throws IOException {
    try (ChunkStore store = ChunkStore.open(base, ChunkStoreOptions.defaults(clock))) {
      store.requireWritable(command);
    }
  }

  public ChunkStore chunkStore() {
    return chunkStore;
  }

  /** Where chunks are stored and read: the chunk store, or for S3 the bucket behind the cache. */
  public ChunkBackend chunks() {
    return chunks;
  }

  public Datastore datastore() {
    return datastore;
  }

  /** The S3 datastore behind the local cache, or empty for a local datastore. */
  public java.util.Optional<S3Datastore> s3() {
    return backend instanceof S3Datastore s3
        ? java.util.Optional.of(s3)
        : java.util.Optional.empty();
  }

  /** The GC state; throws if the session was opened without it (a bug). */
  public GcStateStore state() {
    if (state == null) {
      throw new IllegalStateException("session opened without GC state");
    }
    return state;
  }

  /**
   * A writer registration backed by the GC state ({@link GcStateStore#registerWriter}), for {@code
   * BackupSession}: a GC running in another process then knows this writer (its start time bounds
   * the sweep cutoff) instead of refusing because of an unknown {@code .lock} holder.
   */
  public org.jpbs.datastore.backup.WriterRegistration writerRegistration() {
    GcStateStore st = state();
    return (kind, description) -> st.registerWriter(kind, description)::close;
  }

  /** Registers the mark-phase barrier for every snapshot removal through this session. */
  public DatastoreSession guardRemovals() {
    if (barrier == null) {
      barrier =
          datastore.addRemovalListener(new MarkPhaseBarrier(state(), chunkStore, s3().isPresent()));
    }
    return this;
  }

  @Override
  public void close() throws IOException {
    if (barrier != null) {
      barrier.close();
      barrier = null;
    }
    try {
      if (state != null) {
        state.close();
      }
    } finally {
      if (backend != null) {
        try {
          backend.close();
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException("closing " + backend + " failed", e);
        }
      } else {
        chunkStore.close();
      }
    }
  }
}
