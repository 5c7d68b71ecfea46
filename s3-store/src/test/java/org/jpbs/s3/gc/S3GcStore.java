package org.jpbs.s3.gc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.SyncLevel;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.datastore.backup.ProgressListener;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;
import org.jpbs.gc.GcEnvironment;
import org.jpbs.gc.GcListener;
import org.jpbs.gc.GcOptions;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.s3.RgwEndpoint;
import org.jpbs.s3.S3Datastore;
import org.jpbs.s3.S3DatastoreConfig;
import org.jpbs.testkit.ReferencedChunks;
import org.jpbs.testkit.StoreFiles;

/** An S3 datastore on the RGW for the GC tests: backups, raw garbage objects, the invariant. */
final class S3GcStore implements AutoCloseable {
  static final String STORE = "gcds";
  final S3DatastoreConfig config;
  final S3Datastore ds;
  final GcStateStore state;
  private final AtomicLong time = new AtomicLong(1_767_225_600L);

  S3GcStore(Path dir) throws IOException {
    config = RgwEndpoint.freshBucket(STORE);
    ds =
        S3Datastore.create(
            dir.resolve("cache"),
            config,
            new S3Datastore.CreateOptions("gc-it", false, false, true, null),
            ChunkStoreOptions.defaults(InstantSource.system()).withSyncLevel(SyncLevel.NONE));
    state = GcStateStore.open(GcStateStore.defaultDir(ds.cache().base()), InstantSource.system());
  }

  BackupGroup group(String id) {
    return ds.datastore().group(BackupNamespace.root(), BackupType.VM, id);
  }

  /** A backup of {@code image} in 4 KiB fixed chunks (one chunk per 4 KiB of distinct data). */
  BackupResult backup(BackupGroup g, byte[] image) throws IOException {
    BackupOptions o =
        BackupOptions.defaults(InstantSource.system())
            .withBackupTime(Instant.ofEpochSecond(time.addAndGet(3600)))
            .withFixedChunkSize(4096)
            .withRegistration((kind, description) -> state.registerWriter(kind, description)::close)
            .withSync(false);
    try (BackupSession s = BackupSession.start(ds.cache(), ds.chunks(), g, o)) {
      s.addImage("disk", new ByteArrayInputStream(image), image.length);
      return s.finish();
    }
  }

  byte[] restore(BackupDir snap) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveReader r = ArchiveReader.open(ds.chunks(), snap, "disk.img.fidx", 0)) {
      r.copyTo(out, ProgressListener.NONE, new Cancellation());
    }
    return out.toByteArray();
  }

  static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * PUTs {@code n} valid chunk objects no index references, with no local cache file (as another
   * host's or a no-cache upload would leave them), from {@code threads} threads; returns the keys.
   */
  List<String> putGarbage(long seed, int n, int threads) throws Exception {
    List<String> keys = new ArrayList<>(n);
    List<byte[]> blobs = new ArrayList<>(n);
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      byte[] data = new byte[16];
      r.nextBytes(data);
      keys.add(config.keys().chunk(ChunkDigest.sha256(data).toHex()));
      blobs.add(DataBlob.encode(data, false).rawData());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = first; i < n; i += threads) {
                    ds.client().putIfAbsent(keys.get(i), blobs.get(i));
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return keys;
  }

  /**
   * Waits (≤ 20 s) until the listing shows {@code keys}: the RGW's listing can lag fresh PUTs.
   * Lists each key as its own prefix (one request per key, not the whole bucket: at N = 50,000 a
   * full listing takes ~12 s on a loaded machine, which would age the keys past a test's cutoff).
   */
  void awaitListed(List<String> keys) throws InterruptedException {
    for (int i = 0; i < 200 && !listed(keys); i++) {
      Thread.sleep(100);
    }
  }

  private boolean listed(List<String> keys) {
    Set<String> found = new HashSet<>();
    for (String k : keys) {
      ds.client().list(k, o -> found.add(o.key()));
    }
    return found.containsAll(keys);
  }

  /** Sets the atime of every local cache file of {@code digests} to {@code t}. */
  void setCacheAtime(Set<String> digests, Instant t) throws IOException {
    for (String hex : digests) {
      Path p = ReferencedChunks.chunkPath(ds.cache().base(), hex);
      if (Files.exists(p)) {
        Files.setAttribute(p, "lastAccessTime", FileTime.from(t));
      }
    }
  }

  Set<String> chunkKeys() {
    Set<String> keys = new HashSet<>();
    ds.client().list(config.keys().chunksPrefix(), o -> keys.add(o.key()));
    return keys;
  }

  /**
   * The GC invariant on S3: every digest an index of the cache references has its object; a failure
   * names the cache file's state and the index files referencing the digest.
   */
  void assertEveryReferencedObjectExists() throws IOException {
    Set<String> keys = chunkKeys();
    for (String hex : referenced()) {
      // the listing is the cheap check; HEAD decides (RGW's listing can lag a fresh PUT by > 1 s)
      if (!keys.contains(config.keys().chunk(hex))
          && ds.client().head(config.keys().chunk(hex)).isEmpty()) {
        Path local = ReferencedChunks.chunkPath(ds.cache().base(), hex);
        String cache =
            Files.exists(local)
                ? "cache file "
                    + Files.size(local)
                    + " bytes, atime "
                    + Files.getAttribute(local, "lastAccessTime")
                : "no cache file";
        List<String> by = new ArrayList<>();
        try (var w = Files.walk(ds.cache().base())) {
          for (Path p : (Iterable<Path>) w.filter(p -> p.toString().endsWith(".fidx"))::iterator) {
            if (ReferencedChunks.digestsOf(p).contains(hex)) {
              by.add(ds.cache().base().relativize(p) + " mtime " + Files.getLastModifiedTime(p));
            }
          }
        } catch (IOException | java.io.UncheckedIOException e) {
          by.add("(walk: " + e + ")");
        }
        assertTrue(false, "referenced object missing: " + hex + " (" + cache + "), in " + by);
      }
    }
  }

  /**
   * Every digest an index of the cache references, skipping index files a concurrent prune or
   * forget removes during the walk (indexes are written under a temp name and renamed, so every
   * {@code .fidx} read is complete).
   */
  Set<String> referenced() throws IOException {
    Set<String> out = new TreeSet<>();
    for (Path p : StoreFiles.outsideChunks(ds.cache().base())) {
      if (p.getFileName().toString().endsWith(".fidx")) {
        try {
          out.addAll(ReferencedChunks.digestsOf(p));
        } catch (NoSuchFileException gone) {
          // removed with its snapshot since the walk listed it
        }
      }
    }
    return out;
  }

  /**
   * Garbage is gone (for a GC run after all writers stopped and the cutoff passed): the bucket's
   * chunk objects are exactly the referenced ones, and every local cache file (whole copy or the
   * barrier's 0-byte marker) names one of them. The listing is re-read for up to 10 s (RGW's
   * listing can lag).
   */
  void assertOnlyReferencedObjectsLeft() throws Exception {
    Set<String> want = new TreeSet<>();
    for (String hex : referenced()) {
      want.add(config.keys().chunk(hex));
    }
    Set<String> keys = chunkKeys();
    for (int i = 0; i < 100 && !keys.equals(want); i++) {
      Thread.sleep(100);
      keys = chunkKeys();
    }
    Set<String> garbage = new TreeSet<>(keys);
    garbage.removeAll(want);
    Set<String> missing = new TreeSet<>(want);
    missing.removeAll(keys);
    assertTrue(
        garbage.isEmpty() && missing.isEmpty(),
        "bucket != referenced: unreferenced objects left " + garbage + ", missing " + missing);
    List<String> stale = new ArrayList<>();
    for (Path p : StoreFiles.chunkDirEntries(ds.cache().chunksDir())) {
      String name = p.getFileName().toString();
      if (name.length() >= 64 && !want.contains(config.keys().chunk(name.substring(0, 64)))) {
        stale.add(name);
      }
    }
    assertTrue(stale.isEmpty(), "local cache files of unreferenced chunks: " + stale);
  }

  void assertRestores(BackupDir snap, byte[] image) throws IOException {
    assertArrayEquals(image, restore(snap), "restore of " + snap);
  }

  GcEnvironment env() {
    return new GcEnvironment(ds.datastore(), ds.cache(), state, InstantSource.system());
  }

  S3GarbageCollection.Result gc(GcOptions options, S3GarbageCollection.Settings settings)
      throws Exception {
    return S3GarbageCollection.run(
        env(), ds.client(), ds.chunks(), options, GcListener.NONE, settings);
  }

  static GcOptions options(java.time.Duration cutoff) {
    return GcOptions.defaults()
        .withCutoff(cutoff)
        .withThreads(2)
        .withMarkMode(GcOptions.MarkMode.SET)
        .withAtimeSafetyCheck(false);
  }

  @Override
  public void close() throws IOException {
    try {
      state.close();
    } finally {
      ds.close();
    }
  }
}
