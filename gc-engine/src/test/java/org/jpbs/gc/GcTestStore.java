package org.jpbs.gc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CryptMode;
import org.jpbs.format.DataBlob;
import org.jpbs.format.DynamicIndexWriter;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.testkit.ChunkDirPool;
import org.jpbs.testkit.ReferencedChunks;

/**
 * A real datastore for GC tests: real chunk store (JNA), real LMDB state, real index files. Chunk
 * atimes are aged with {@code setTimes} so a default-cutoff GC has something to remove. Every test
 * ends with {@link #assertEveryReferencedChunkExists()}.
 */
final class GcTestStore implements AutoCloseable {
  static final Duration AGED = Duration.ofDays(2);

  final Path base;
  final ChunkStore store;
  final Datastore datastore;
  final GcStateStore state;
  final InstantSource clock = InstantSource.system();

  private GcTestStore(Path base) throws IOException {
    this(base, true);
  }

  private GcTestStore(Path base, boolean create) throws IOException {
    this.base = base;
    ChunkStoreOptions options = ChunkStoreOptions.defaults(InstantSource.system());
    this.store =
        create && !ChunkDirPool.claim(base)
            ? ChunkStore.create(base, options)
            : ChunkStore.open(base, options);
    this.datastore = Datastore.open(base);
    this.state = GcStateStore.open(GcStateStore.defaultDir(base), clock);
  }

  static GcTestStore create(Path dir) throws IOException {
    return new GcTestStore(dir.resolve("store"));
  }

  /**
   * A copy of this store (chunks with their atimes and mtimes, index files; a fresh GC state) in
   * {@code dir}, opened. Reading a chunk to copy it may update its atime, so the original's atimes
   * are restored afterwards.
   */
  GcTestStore copyTo(Path dir) throws IOException {
    Path copy = dir.resolve("store");
    Path stateDir = GcStateStore.defaultDir(base);
    List<Path> files;
    try (Stream<Path> s = Files.walk(base)) {
      files = s.filter(p -> !p.startsWith(stateDir)).toList();
    }
    for (Path p : files) {
      Path target = copy.resolve(base.relativize(p).toString());
      BasicFileAttributes a =
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isDirectory()) {
        Files.createDirectories(target);
        continue;
      }
      Files.copy(p, target, LinkOption.NOFOLLOW_LINKS);
      for (Path q : List.of(p, target)) {
        Files.getFileAttributeView(q, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setTimes(a.lastModifiedTime(), a.lastAccessTime(), null);
      }
    }
    GcTestStore t = new GcTestStore(copy, false);
    t.missingOnPurpose.addAll(missingOnPurpose);
    return t;
  }

  GcEnvironment env() {
    return new GcEnvironment(datastore, store, state, clock);
  }

  /** Inserts a small unique chunk derived from {@code seed}, aged two days. */
  ChunkDigest chunk(long seed) throws IOException {
    byte[] data = new byte[64 + (int) (seed % 64)];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putLong(seed).putLong(seed * 31 + 7);
    ChunkDigest d = ChunkDigest.sha256(data);
    store.insert(d, DataBlob.encode(data, false));
    age(d);
    return d;
  }

  List<ChunkDigest> chunks(long firstSeed, int n) throws IOException {
    List<ChunkDigest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(chunk(firstSeed + i));
    }
    return out;
  }

  void age(ChunkDigest d) throws IOException {
    setAtime(store.chunkPath(d), clock.instant().minus(AGED));
  }

  static void setAtime(Path p, java.time.Instant t) throws IOException {
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(null, FileTime.from(t), null);
  }

  static long atime(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .lastAccessTime()
        .toInstant()
        .getEpochSecond();
  }

  BackupGroup group(String id) throws IOException {
    BackupGroup g = datastore.group(BackupNamespace.root(), BackupType.HOST, id);
    g.create("test@pbs");
    return g;
  }

  /** Writes a snapshot with one {@code .didx} per archive; finished ones get a manifest. */
  BackupDir snapshot(BackupGroup g, long time, boolean finished, List<List<ChunkDigest>> archives)
      throws IOException {
    BackupDir dir = g.snapshot(time);
    dir.create();
    BackupManifest m = BackupManifest.create(g.type().dirName(), g.id(), time);
    for (int a = 0; a < archives.size(); a++) {
      String name = "archive" + a + ".didx";
      writeArchive(dir, name, archives.get(a), m);
    }
    if (finished) {
      m.store(dir.fullPath().resolve(BackupManifest.BLOB_NAME), false);
    }
    return dir;
  }

  void writeArchive(BackupDir dir, String name, List<ChunkDigest> digests, BackupManifest m)
      throws IOException {
    try (DynamicIndexWriter w = DynamicIndexWriter.create(dir.fullPath().resolve(name), clock)) {
      long end = 0;
      for (ChunkDigest d : digests) {
        end += 100;
        w.append(end, d);
      }
      byte[] csum = w.commit(false);
      if (m != null) {
        m.addFile(
            new BackupManifest.FileInfo(
                name, CryptMode.NONE, end, java.util.HexFormat.of().formatHex(csum)));
      }
    }
  }

  /**
   * Every digest referenced by any index file anywhere below the base, read by the testkit's
   * independent index parser.
   */
  Set<ChunkDigest> referencedOnDisk() throws IOException {
    Set<ChunkDigest> out = new HashSet<>();
    for (String hex : ReferencedChunks.referenced(base)) {
      out.add(ChunkDigest.fromHex(hex));
    }
    return out;
  }

  /** Digests of all chunk files present (not .bad copies). */
  Set<ChunkDigest> chunksOnDisk() throws IOException {
    Set<ChunkDigest> out = new TreeSet<>();
    try (Stream<Path> s = Files.walk(base.resolve(".chunks"))) {
      s.filter(p -> p.getFileName().toString().length() == 64)
          .forEach(p -> out.add(ChunkDigest.fromHex(p.getFileName().toString())));
    }
    return out;
  }

  private final Set<ChunkDigest> missingOnPurpose = new HashSet<>();

  /** Declares a referenced digest that the test never inserted (a "missing chunk" case). */
  void expectMissing(ChunkDigest d) {
    missingOnPurpose.add(d);
  }

  /**
   * The invariant every GC test ends with: every chunk referenced by any index exists (except those
   * a test deliberately never inserted).
   */
  void assertEveryReferencedChunkExists() throws IOException {
    List<String> onPurpose = new ArrayList<>();
    for (ChunkDigest d : missingOnPurpose) {
      onPurpose.add(d.toHex());
    }
    ReferencedChunks.assertAllExist(base, onPurpose);
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
    store.close();
    ChunkDirPool.recycle(base);
  }
}
