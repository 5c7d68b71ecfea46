package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.Datastore;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.testkit.datastore.TestDatastore;

/**
 * A real datastore for GC tests: the testkit's {@link TestDatastore} (real chunk store via JNA,
 * real index files, chunks aged two days) plus a real LMDB GC state and the GC entry points. Every
 * test ends with {@link #assertEveryReferencedChunkExists()}.
 */
final class GcTestStore implements AutoCloseable {
  static final Duration AGED = TestDatastore.AGED;

  final TestDatastore ds;
  final Path base;
  final ChunkStore store;
  final Datastore datastore;
  final GcStateStore state;
  final InstantSource clock;

  private GcTestStore(TestDatastore ds) throws IOException {
    this.ds = ds;
    this.base = ds.base;
    this.store = ds.store;
    this.datastore = ds.datastore;
    this.clock = ds.clock;
    this.state = GcStateStore.open(GcStateStore.defaultDir(base), clock);
  }

  static GcTestStore create(Path dir) throws IOException {
    return new GcTestStore(TestDatastore.create(dir));
  }

  /**
   * A copy of this store (chunks with their atimes and mtimes, index files; a fresh GC state) in
   * {@code dir}, opened.
   */
  GcTestStore copyTo(Path dir) throws IOException {
    return new GcTestStore(ds.copyTo(dir, GcStateStore.defaultDir(base)));
  }

  GcEnvironment env() {
    return new GcEnvironment(datastore, store, state, clock);
  }

  ChunkDigest chunk(long seed) throws IOException {
    return ds.chunk(seed);
  }

  List<ChunkDigest> chunks(long firstSeed, int n) throws IOException {
    return ds.chunks(firstSeed, n);
  }

  void age(ChunkDigest d) throws IOException {
    ds.age(d);
  }

  static void setAtime(Path p, Instant t) throws IOException {
    TestDatastore.setAtime(p, t);
  }

  static long atime(Path p) throws IOException {
    return TestDatastore.atime(p);
  }

  BackupGroup group(String id) throws IOException {
    return ds.group(id);
  }

  BackupDir snapshot(BackupGroup g, long time, boolean finished, List<List<ChunkDigest>> archives)
      throws IOException {
    return ds.snapshot(g, time, finished, archives);
  }

  void writeArchive(BackupDir dir, String name, List<ChunkDigest> digests, BackupManifest m)
      throws IOException {
    ds.writeArchive(dir, name, digests, m);
  }

  Set<ChunkDigest> referencedOnDisk() throws IOException {
    return ds.referencedOnDisk();
  }

  Set<ChunkDigest> chunksOnDisk() throws IOException {
    return ds.chunksOnDisk();
  }

  void expectMissing(ChunkDigest d) {
    ds.expectMissing(d);
  }

  void assertEveryReferencedChunkExists() throws IOException {
    ds.assertEveryReferencedChunkExists();
  }

  GcReport gc(GcOptions options) throws IOException, InterruptedException {
    return gc(options, MarkPhaseHooks.NONE);
  }

  GcReport gc(GcOptions options, MarkPhaseHooks hooks) throws IOException, InterruptedException {
    return GarbageCollector.run(env(), options, GcListener.NONE, hooks, d -> {});
  }

  static GcOptions testOptions() {
    return GcOptions.defaults().withAtimeSafetyCheck(false);
  }

  @Override
  public void close() throws IOException {
    state.close();
    ds.close();
    ds.recycle();
  }
}
