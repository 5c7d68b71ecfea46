package org.jpbs.gc.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.Datastore;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;
import org.jpbs.gc.MarkPhaseBarrier;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.testkit.StoreFiles;

/**
 * An in-process store for the corruption and hostile-input tests: real chunk store, GC state and
 * datastore (barrier registered), {@code n} groups with one real backup each.
 */
final class ReliabilityStore implements AutoCloseable {
  final Path base;
  final ChunkStore store;
  final GcStateStore state;
  final Datastore datastore;
  final List<BackupDir> snapshots = new ArrayList<>();
  private final Random random = new Random(42);

  private int nextGroup;

  ReliabilityStore(Path base) throws IOException {
    this.base = base;
    this.store = ChunkStore.create(base, ChunkStoreOptions.defaults(InstantSource.system()));
    this.state = GcStateStore.open(GcStateStore.defaultDir(base), InstantSource.system());
    this.datastore = Datastore.open(base);
    datastore.addRemovalListener(new MarkPhaseBarrier(state, store));
  }

  /** Creates {@code n} new groups with one backup each; {@link #snapshots} lists them. */
  void freshGroups(int n) throws IOException {
    snapshots.clear();
    for (int i = 0; i < n; i++) {
      backup(nextGroup++);
    }
  }

  /**
   * Removes everything a test left in the tree (every top-level entry but the chunk store, its
   * chunk-lock file, the GC state and the lock), so the next test's GCs see only their own
   * snapshots. The open store's chunk-lock file must stay: each new sweep thread opens it by path.
   */
  void resetTree() throws IOException {
    try (Stream<Path> top = Files.list(base)) {
      for (Path p : (Iterable<Path>) top::iterator) {
        String n = p.getFileName().toString();
        if (!n.equals(Datastore.CHUNKS_DIR)
            && !n.equals(".jpbs-chunk-locks")
            && !n.equals(".jpbs")
            && !n.equals(".lock")) {
          deleteTree(p);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.setPosixFilePermissions(
          root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      try (Stream<Path> s = Files.list(root)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          deleteTree(p);
        }
      }
    }
    Files.deleteIfExists(root);
  }

  BackupDir backup(int group) throws IOException {
    return backupOf(group);
  }

  private BackupDir backupOf(int group) throws IOException {
    String path = TortureWorker.backup(TortureWorker.group(datastore, group), random, store, state);
    BackupDir dir = datastore.snapshot(org.jpbs.datastore.SnapshotPath.parse(path));
    snapshots.add(dir);
    return dir;
  }

  /** Inserts an unreferenced chunk; after {@link StoreAudit#ageChunks} any GC must remove it. */
  ChunkDigest orphan(String text) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    ChunkDigest d = ChunkDigest.sha256(data);
    store.insert(d, DataBlob.encode(data, false));
    return d;
  }

  boolean exists(ChunkDigest d) {
    return Files.exists(store.chunkPath(d), LinkOption.NOFOLLOW_LINKS);
  }

  Set<String> chunkNames() throws IOException {
    Set<String> out = new TreeSet<>();
    for (Path p : StoreFiles.chunkDirEntries(base.resolve(Datastore.CHUNKS_DIR))) {
      String n = p.getFileName().toString();
      if (n.length() == 64) {
        out.add(n);
      }
    }
    return out;
  }

  String gc() throws IOException, InterruptedException {
    return TortureWorker.gc(datastore, store, state);
  }

  @Override
  public void close() throws IOException {
    state.close();
    store.close();
  }
}
