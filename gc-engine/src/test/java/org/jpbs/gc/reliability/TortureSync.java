package org.jpbs.gc.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Random;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.LockContentionException;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.backend.LocalChunkBackend;
import org.jpbs.datastore.backup.WriterRegistration;
import org.jpbs.datastore.sync.DatastoreSync;
import org.jpbs.datastore.sync.SyncEndpoint;
import org.jpbs.datastore.sync.SyncListener;
import org.jpbs.datastore.sync.SyncOptions;
import org.jpbs.datastore.sync.SyncReport;
import org.jpbs.gc.MarkPhaseBarrier;
import org.jpbs.gc.state.GcStateStore;

/**
 * The torture's second datastore, the target of its syncs ({@code s}: the whole source, every
 * namespace, into the target's root, {@code remove-vanished} one time in three) and the store of
 * its target GCs ({@code t}). A worker opens it as a production process does: its own GC state, the
 * sync registered as a writer there, the mark-phase barrier on its datastore (remove-vanished
 * destroys through it).
 */
final class TortureSync implements AutoCloseable {
  private final ChunkStore store;
  private final GcStateStore state;
  private final Datastore datastore;

  private TortureSync(ChunkStore store, GcStateStore state, Datastore datastore) {
    this.store = store;
    this.state = state;
    this.datastore = datastore;
  }

  static TortureSync open(Path base) throws IOException {
    ChunkStore store = ChunkStore.open(base, ChunkStoreOptions.defaults(InstantSource.system()));
    try {
      GcStateStore state = GcStateStore.open(GcStateStore.defaultDir(base), InstantSource.system());
      Datastore datastore = Datastore.open(base);
      datastore.addRemovalListener(new MarkPhaseBarrier(state, store));
      return new TortureSync(store, state, datastore);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Syncs {@code source} into the target; a run with one failed group or snapshot throws its
   * exception (e.g. a busy target group: another sync holds it), so does one whose failures are all
   * busy target groups; one with other failures throws an {@code IllegalStateException} listing
   * them all.
   */
  String sync(Datastore source, ChunkStore sourceStore, Random random) throws IOException {
    boolean removeVanished = random.nextInt(3) == 0;
    SyncReport r =
        DatastoreSync.run(
            new SyncEndpoint(
                source, sourceStore, new LocalChunkBackend(sourceStore), WriterRegistration.NONE),
            new SyncEndpoint(
                datastore, store, new LocalChunkBackend(store), TortureWorker.registration(state)),
            SyncOptions.defaults().withSync(false).withRemoveVanished(removeVanished),
            SyncListener.NONE,
            InstantSource.system());
    if (!r.ok()) {
      Exception first = r.firstFailure();
      boolean allBusy =
          first instanceof LockContentionException
              && r.failures().stream().allMatch(f -> f.contains("locked by another operation"));
      if ((r.failures().size() == 1 || allBusy) && first instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("sync failed: " + r.failures(), first);
    }
    return "copied="
        + r.snapshotsCopied()
        + " vanished="
        + r.snapshotsVanished()
        + " removed="
        + r.snapshotsRemoved()
        + " chunks="
        + r.chunksCopied()
        + (removeVanished ? " remove-vanished" : "");
  }

  String gc() throws IOException, InterruptedException {
    return TortureWorker.gc(datastore, store, state);
  }

  @Override
  public void close() throws IOException {
    try {
      state.close();
    } finally {
      store.close();
    }
  }
}
