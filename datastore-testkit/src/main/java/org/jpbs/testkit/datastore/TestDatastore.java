package org.jpbs.testkit.datastore;

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
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
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
import org.jpbs.format.FixedIndexWriter;
import org.jpbs.testkit.ChunkDirPool;
import org.jpbs.testkit.ReferencedChunks;
import org.jpbs.testkit.StoreFiles;

/**
 * A real datastore for tests, built without {@code backup}: chunks inserted through the chunk store
 * and aged two days (so a default-cutoff GC may remove unreferenced ones), snapshots written with
 * the index writers plus a manifest. Every GC/prune test ends with {@link
 * #assertEveryReferencedChunkExists()}, read by testkit's independent index parser.
 *
 * <p>{@link #create} takes an emptied chunk-directory tree from {@link ChunkDirPool} when one is
 * pooled; {@link #recycle()} hands this store's tree back after {@link #close()}.
 */
public final class TestDatastore implements AutoCloseable {
  /** How old {@link #chunk} makes a chunk's atime. */
  public static final Duration AGED = Duration.ofDays(2);

  /** The owner written into every group this builder creates. */
  public static final String OWNER = "test@pbs";

  /** The datastore's base directory. */
  public final Path base;

  /** The open chunk store of {@link #base}. */
  public final ChunkStore store;

  /** The datastore of {@link #base}. */
  public final Datastore datastore;

  /** The clock index files and chunk ages are written with. */
  public final InstantSource clock = InstantSource.system();

  private final Set<ChunkDigest> missingOnPurpose = new HashSet<>();

  private TestDatastore(Path base, boolean create) throws IOException {
    this.base = base;
    ChunkStoreOptions options = ChunkStoreOptions.defaults(clock);
    this.store =
        create && !ChunkDirPool.claim(base)
            ? ChunkStore.create(base, options)
            : ChunkStore.open(base, options);
    this.datastore = Datastore.open(base);
  }

  /** Creates a datastore in {@code dir/store}. */
  public static TestDatastore create(Path dir) throws IOException {
    return new TestDatastore(dir.resolve("store"), true);
  }

  /** Opens an existing datastore (e.g. one a child process or a copy created). */
  public static TestDatastore open(Path base) throws IOException {
    return new TestDatastore(base, false);
  }

  /**
   * A copy of this datastore in {@code dir/store} (every file with its atime and mtime, except the
   * tree below {@code exclude}, e.g. a GC state directory), opened, expecting the same missing
   * chunks. Reading a chunk to copy it may update its atime, so the original's atimes are restored.
   */
  public TestDatastore copyTo(Path dir, Path exclude) throws IOException {
    Path copy = dir.resolve("store");
    List<Path> files;
    try (Stream<Path> s = Files.walk(base)) {
      files = s.filter(p -> !p.startsWith(exclude)).toList();
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
    TestDatastore t = new TestDatastore(copy, false);
    t.missingOnPurpose.addAll(missingOnPurpose);
    return t;
  }

  /** Inserts a small unique chunk derived from {@code seed}, aged {@link #AGED}. */
  public ChunkDigest chunk(long seed) throws IOException {
    byte[] data = new byte[64 + (int) Math.floorMod(seed, 64)];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putLong(seed).putLong(seed * 31 + 7);
    ChunkDigest d = ChunkDigest.sha256(data);
    store.insert(d, DataBlob.encode(data, false));
    age(d);
    return d;
  }

  /** {@code n} chunks from consecutive seeds. */
  public List<ChunkDigest> chunks(long firstSeed, int n) throws IOException {
    List<ChunkDigest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(chunk(firstSeed + i));
    }
    return out;
  }

  /** Sets the chunk's atime to now minus {@link #AGED}. */
  public void age(ChunkDigest d) throws IOException {
    setAtime(store.chunkPath(d), clock.instant().minus(AGED));
  }

  /** Sets a file's atime (not following links), leaving its mtime. */
  public static void setAtime(Path p, Instant t) throws IOException {
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(null, FileTime.from(t), null);
  }

  /** A file's atime in epoch seconds (not following links). */
  public static long atime(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .lastAccessTime()
        .toInstant()
        .getEpochSecond();
  }

  /** Creates a group owned by {@link #OWNER} (and its namespace, if not the root). */
  public BackupGroup group(BackupNamespace ns, BackupType type, String id) throws IOException {
    if (!ns.isRoot()) {
      datastore.createNamespace(ns);
    }
    BackupGroup g = datastore.group(ns, type, id);
    g.create(OWNER);
    return g;
  }

  /** Creates the root-namespace host group {@code id}. */
  public BackupGroup group(String id) throws IOException {
    return group(BackupNamespace.root(), BackupType.HOST, id);
  }

  /** A snapshot with one {@code .didx} per archive; finished ones get a manifest listing them. */
  public BackupDir snapshot(
      BackupGroup g, long time, boolean finished, List<List<ChunkDigest>> archives)
      throws IOException {
    BackupDir dir = g.snapshot(time);
    dir.create();
    BackupManifest m = BackupManifest.create(g.type().dirName(), g.id(), time);
    for (int a = 0; a < archives.size(); a++) {
      writeArchive(dir, "archive" + a + ".didx", archives.get(a), m);
    }
    if (finished) {
      m.store(dir.fullPath().resolve(BackupManifest.BLOB_NAME), false);
    }
    return dir;
  }

  /**
   * Writes the dynamic index {@code name} into {@code dir} (each chunk 100 bytes long) and, if
   * {@code m} is not null, lists it in that manifest.
   */
  public void writeArchive(BackupDir dir, String name, List<ChunkDigest> digests, BackupManifest m)
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
            new BackupManifest.FileInfo(name, CryptMode.NONE, end, HexFormat.of().formatHex(csum)));
      }
    }
  }

  /** Writes {@code disk.img.fidx} (chunk size 4 KiB) into {@code dir} over {@code digests}. */
  public Path fixedIndex(BackupDir dir, List<ChunkDigest> digests) throws IOException {
    Path p = dir.fullPath().resolve("disk.img.fidx");
    try (FixedIndexWriter w = FixedIndexWriter.create(p, 4096L * digests.size(), 4096, clock)) {
      for (int i = 0; i < digests.size(); i++) {
        w.setDigest(i, digests.get(i));
      }
      w.commit(false);
    }
    return p;
  }

  /** Digests of every chunk file present (not {@code .bad} copies). */
  public Set<ChunkDigest> chunksOnDisk() throws IOException {
    Set<ChunkDigest> out = new TreeSet<>();
    for (Path p : StoreFiles.chunkDirEntries(base.resolve(".chunks"))) {
      if (p.getFileName().toString().length() == 64) {
        out.add(ChunkDigest.fromHex(p.getFileName().toString()));
      }
    }
    return out;
  }

  /** Every digest referenced by any index file below the base, read by testkit's own parser. */
  public Set<ChunkDigest> referencedOnDisk() throws IOException {
    Set<ChunkDigest> out = new HashSet<>();
    for (String hex : ReferencedChunks.referenced(base)) {
      out.add(ChunkDigest.fromHex(hex));
    }
    return out;
  }

  /** Declares a referenced digest that the test never inserted (a "missing chunk" case). */
  public void expectMissing(ChunkDigest d) {
    missingOnPurpose.add(d);
  }

  /** The digests declared by {@link #expectMissing}. */
  public Set<ChunkDigest> missingOnPurpose() {
    return Set.copyOf(missingOnPurpose);
  }

  /**
   * The invariant every GC/prune test ends with: every chunk referenced by any index exists (except
   * those a test deliberately never inserted).
   */
  public void assertEveryReferencedChunkExists() throws IOException {
    List<String> onPurpose = new ArrayList<>();
    for (ChunkDigest d : missingOnPurpose) {
      onPurpose.add(d.toHex());
    }
    ReferencedChunks.assertAllExist(base, onPurpose);
  }

  /** After {@link #close()}: hands the emptied chunk directories to the next test's store. */
  public void recycle() {
    ChunkDirPool.recycle(base);
  }

  @Override
  public void close() {
    store.close();
  }
}
