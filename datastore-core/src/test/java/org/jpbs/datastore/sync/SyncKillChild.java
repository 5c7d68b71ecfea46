package org.jpbs.datastore.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.backend.LocalChunkBackend;
import org.jpbs.datastore.backup.WriterRegistration;

/**
 * Child JVM of {@link SyncKillIT}: syncs the datastore at {@code args[0]} into the one at {@code
 * args[1]} and sends itself SIGKILL right after step {@code args[2]} (1-based).
 */
public final class SyncKillChild {
  private SyncKillChild() {}

  public static void main(String[] args) throws Exception {
    int killAt = Integer.parseInt(args[2]);
    int[] step = {0};
    SyncReport r =
        run(
            Path.of(args[0]),
            Path.of(args[1]),
            what -> {
              if (++step[0] == killAt) {
                String pid = Long.toString(ProcessHandle.current().pid());
                try {
                  new ProcessBuilder("kill", "-9", pid).start().waitFor();
                  Thread.sleep(60_000); // SIGKILL arrives meanwhile
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    System.out.println("DONE " + step[0] + " " + r.failures());
  }

  /** The sync under test: everything, one worker, fsync on (as the command line). */
  static SyncReport run(Path source, Path target, SyncProbe probe) throws IOException {
    try (ChunkStore s =
            ChunkStore.open(source, ChunkStoreOptions.defaults(InstantSource.system()));
        ChunkStore t =
            ChunkStore.open(target, ChunkStoreOptions.defaults(InstantSource.system()))) {
      return DatastoreSync.run(
          new SyncEndpoint(
              Datastore.open(source), s, new LocalChunkBackend(s), WriterRegistration.NONE),
          new SyncEndpoint(
              Datastore.open(target), t, new LocalChunkBackend(t), WriterRegistration.NONE),
          SyncOptions.defaults(),
          SyncListener.NONE,
          InstantSource.system(),
          probe);
    }
  }
}
