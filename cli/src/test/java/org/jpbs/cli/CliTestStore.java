package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
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
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;

/**
 * A real datastore for CLI tests, built without {@code backup}: chunks inserted through the chunk
 * store (aged two days so a default-cutoff GC may remove unreferenced ones), snapshots written with
 * the index writers plus a manifest. Every GC/prune test ends with {@link
 * #assertEveryReferencedChunkExists()}.
 */
final class CliTestStore implements AutoCloseable {
  static final Duration AGED = Duration.ofDays(2);
  static final String OWNER = "test@pbs";

  final Path base;
  final ChunkStore store;
  final Datastore datastore;
  private final InstantSource clock = InstantSource.system();

  private CliTestStore(Path base, boolean create) throws IOException {
    this.base = base;
    this.store =
        create
            ? ChunkStore.create(base, ChunkStoreOptions.defaults(InstantSource.system()))
            : ChunkStore.open(base, ChunkStoreOptions.defaults(InstantSource.system()));
    this.datastore = Datastore.open(base);
  }

  static CliTestStore create(Path dir) throws IOException {
    return new CliTestStore(dir.resolve("store"), true);
  }

  /** Opens an existing datastore (e.g. one the jar created). */
  static CliTestStore open(Path base) throws IOException {
    return new CliTestStore(base, false);
  }

  /** Inserts a small unique chunk derived from {@code seed}, aged two days. */
  ChunkDigest chunk(long seed) throws IOException {
    byte[] data = new byte[64 + (int) Math.floorMod(seed, 64)];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putLong(seed).putLong(seed * 31 + 7);
    ChunkDigest d = ChunkDigest.sha256(data);
    store.insert(d, DataBlob.encode(data, false));
    Files.getFileAttributeView(
            store.chunkPath(d), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(null, FileTime.from(clock.instant().minus(AGED)), null);
    return d;
  }

  List<ChunkDigest> chunks(long firstSeed, int n) throws IOException {
    List<ChunkDigest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(chunk(firstSeed + i));
    }
    return out;
  }

  BackupGroup group(BackupNamespace ns, BackupType type, String id) throws IOException {
    if (!ns.isRoot()) {
      datastore.createNamespace(ns);
    }
    BackupGroup g = datastore.group(ns, type, id);
    g.create(OWNER);
    return g;
  }

  BackupGroup group(String id) throws IOException {
    return group(BackupNamespace.root(), BackupType.HOST, id);
  }

  /** A snapshot with one {@code .didx} per archive; finished ones get a manifest listing them. */
  BackupDir snapshot(BackupGroup g, long time, boolean finished, List<List<ChunkDigest>> archives)
      throws IOException {
    BackupDir dir = g.snapshot(time);
    dir.create();
    BackupManifest m = BackupManifest.create(g.type().dirName(), g.id(), time);
    for (int a = 0; a < archives.size(); a++) {
      String name = "archive" + a + ".didx";
      try (DynamicIndexWriter w = DynamicIndexWriter.create(dir.fullPath().resolve(name), clock)) {
        long end = 0;
        for (ChunkDigest d : archives.get(a)) {
          end += 100;
          w.append(end, d);
        }
        byte[] csum = w.commit(false);
        m.addFile(
            new BackupManifest.FileInfo(name, CryptMode.NONE, end, HexFormat.of().formatHex(csum)));
      }
    }
    if (finished) {
      m.store(dir.fullPath().resolve(BackupManifest.BLOB_NAME), false);
    }
    return dir;
  }

  /** Writes {@code disk.img.fidx} (chunk size 4 KiB) into {@code dir} over {@code digests}. */
  Path fixedIndex(BackupDir dir, List<ChunkDigest> digests) throws IOException {
    Path p = dir.fullPath().resolve("disk.img.fidx");
    try (FixedIndexWriter w = FixedIndexWriter.create(p, 4096L * digests.size(), 4096, clock)) {
      for (int i = 0; i < digests.size(); i++) {
        w.setDigest(i, digests.get(i));
      }
      w.commit(false);
    }
    return p;
  }

  /** Digests of every chunk file present. */
  Set<ChunkDigest> chunksOnDisk() throws IOException {
    Set<ChunkDigest> out = new TreeSet<>();
    try (Stream<Path> s = Files.walk(base.resolve(".chunks"))) {
      s.filter(p -> p.getFileName().toString().length() == 64)
          .forEach(p -> out.add(ChunkDigest.fromHex(p.getFileName().toString())));
    }
    return out;
  }

  /** Every digest referenced by any index file below the base. */
  Set<ChunkDigest> referencedOnDisk() throws IOException {
    Set<ChunkDigest> out = new HashSet<>();
    Path chunks = base.resolve(".chunks");
    try (Stream<Path> s = Files.walk(base)) {
      for (Path p : (Iterable<Path>) s.filter(p -> !p.startsWith(chunks))::iterator) {
        String n = p.getFileName().toString();
        if (Files.isRegularFile(p) && (n.endsWith(".didx") || n.endsWith(".fidx"))) {
          try (IndexFile idx = IndexFiles.open(p)) {
            for (int i = 0; i < idx.count(); i++) {
              out.add(idx.digest(i));
            }
          }
        }
      }
    }
    return out;
  }

  /** The GC invariant: every chunk referenced by any index exists. */
  void assertEveryReferencedChunkExists() throws IOException {
    Set<ChunkDigest> missing = new TreeSet<>(referencedOnDisk());
    missing.removeAll(chunksOnDisk());
    assertThat(missing).as("referenced chunks missing from the store").isEmpty();
  }

  @Override
  public void close() {
    store.close();
  }
}
