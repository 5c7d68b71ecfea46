package org.jpbs.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.SyncLevel;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.datastore.backup.ProgressListener;
import org.jpbs.testkit.ReferencedChunks;

/**
 * An S3 datastore on the RGW for the move tests: small backups (4 KiB chunks) whose image bytes are
 * remembered by snapshot path, cache loss (a fresh cache rebuilt from the bucket), the bucket's
 * {@code .cnt/} keys, the restore and the invariant checks.
 */
final class S3MoveStore implements AutoCloseable {
  static final String STORE = "mvds";
  static final String CNT = STORE + "/.cnt/";
  static final String OWNER = "root@pam";

  final S3DatastoreConfig config;
  S3Datastore ds;
  private long time = 1_767_225_600L; // 2026-01-01

  /** Image bytes by snapshot path {@code [ns:]type/id/time}. */
  final Map<String, byte[]> images = new TreeMap<>();

  S3MoveStore(
      Path dir,
      S3StoreClient.Options options,
      List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> faults)
      throws IOException {
    config = RgwEndpoint.freshBucket(STORE);
    S3StoreClient client = S3StoreClient.openWithFaults(config, options, new S3Counters(), faults);
    client.createBucket();
    ds = S3Datastore.of(ChunkStore.create(dir.resolve("cache0"), storeOptions()), client);
  }

  static ChunkStoreOptions storeOptions() {
    return ChunkStoreOptions.defaults(InstantSource.system()).withSyncLevel(SyncLevel.NONE);
  }

  Datastore store() {
    return ds.datastore();
  }

  BackupGroup group(String ns, String id) {
    BackupType type = id.startsWith("ct") ? BackupType.CT : BackupType.VM;
    return store().group(BackupNamespace.parse(ns), type, id.replace("ct", ""));
  }

  /** A finished backup of fresh random data into {@code g} (one image, one blob); returns it. */
  BackupDir backup(BackupGroup g) throws IOException {
    time += 3600;
    byte[] image = new byte[40 * 1024];
    new Random(time).nextBytes(image);
    BackupOptions o =
        BackupOptions.defaults(InstantSource.system())
            .withBackupTime(Instant.ofEpochSecond(time))
            .withOwner(OWNER)
            .withFixedChunkSize(4096)
            .withSync(false);
    BackupDir snap;
    try (BackupSession s = BackupSession.start(ds.cache(), ds.chunks(), g, o)) {
      s.addImage("disk", new ByteArrayInputStream(image), image.length);
      s.addBlob("qemu-server.conf", ("memory: " + time + "\n").getBytes(StandardCharsets.UTF_8));
      snap = s.finish().snapshot();
    }
    images.put(name(snap), image);
    return snap;
  }

  /** Sets group notes as the API does on S3: the object first, then the local file. */
  void setNotes(BackupGroup g, String notes) throws IOException {
    byte[] b = notes.getBytes(StandardCharsets.UTF_8);
    store().metadata().put(g.relativePath() + "/" + BackupGroup.NOTES_FILE, b);
    Files.write(g.notesPath(), b);
  }

  static String name(BackupDir s) {
    return s.group() + "/" + s.backupTimeString();
  }

  /** Every snapshot of the cache as {@code [ns:]type/id/time}, with duplicates kept. */
  List<String> allSnapshots() throws IOException {
    List<String> out = new ArrayList<>();
    for (BackupNamespace ns : store().listNamespaces(BackupNamespace.root(), 7)) {
      for (BackupGroup g : store().listGroups(ns)) {
        for (SnapshotInfo s : g.listSnapshots()) {
          out.add(name(s.dir()) + (s.isFinished() ? "" : " (unfinished)"));
        }
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * The cache is lost: its metadata trees and the chunk cache file of every digest an index
   * references are deleted, then s3-refresh rebuilds the metadata from the bucket alone and
   * restores read every chunk from the bucket. (A fresh cache directory would do the same at the
   * cost of 65,536 directories, 2–8 s each time on the CI machine.)
   */
  void loseCacheAndRefresh() throws IOException {
    Path base = ds.cache().base();
    for (String hex : ReferencedChunks.referenced(base)) {
      Files.deleteIfExists(ReferencedChunks.chunkPath(base, hex));
    }
    for (String top : List.of("vm", "ct", "host", "ns")) {
      S3Refresh.deleteTree(base.resolve(top));
    }
    assertTrue(allSnapshots().isEmpty());
    ds.refresh();
  }

  /** The {@code .cnt/} keys of the bucket, relative to {@code <store>/.cnt/}. */
  Set<String> contentKeys() {
    Set<String> keys = new TreeSet<>();
    ds.client().list(CNT, o -> keys.add(o.key().substring(CNT.length())));
    return keys;
  }

  byte[] restore(BackupDir snap) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveReader r = ArchiveReader.open(ds.chunks(), snap, "disk.img.fidx", 0)) {
      r.copyTo(out, ProgressListener.NONE, new Cancellation());
    }
    return out.toByteArray();
  }

  /** Every snapshot of {@code expected} restores to the image it was made from. */
  void assertRestores(Map<String, String> expectedToOrigin) throws IOException {
    for (Map.Entry<String, String> e : expectedToOrigin.entrySet()) {
      BackupDir snap = snapshot(e.getKey());
      assertArrayEquals(images.get(e.getValue()), restore(snap), "restore of " + e.getKey());
    }
  }

  /** The snapshot named {@code [ns:]type/id/time}. */
  BackupDir snapshot(String name) {
    int slash = name.lastIndexOf('/'); // before the time, which has colons
    String group = name.substring(0, slash);
    int colon = group.indexOf(':');
    String ns = colon < 0 ? "" : group.substring(0, colon);
    String[] p = group.substring(colon + 1).split("/", 2);
    return store()
        .snapshot(
            BackupNamespace.parse(ns), BackupType.parse(p[0]), p[1], name.substring(slash + 1));
  }

  /** The GC invariant on S3: every digest an index of the cache references has its object. */
  void assertEveryReferencedObjectExists() throws IOException {
    Set<String> listed = new TreeSet<>();
    ds.client().list(config.keys().chunksPrefix(), o -> listed.add(o.key()));
    Set<String> referenced = ReferencedChunks.referenced(ds.cache().base());
    assertTrue(!referenced.isEmpty(), "the store references chunks");
    for (String hex : referenced) {
      String key = config.keys().chunk(hex);
      assertTrue(
          listed.contains(key) || ds.client().head(key).isPresent(),
          "referenced object missing: " + key);
    }
  }

  static void assertSameKeys(Set<String> expected, Set<String> actual, String prefix) {
    assertEquals(
        new TreeSet<>(expected.stream().filter(k -> k.startsWith(prefix)).toList()),
        new TreeSet<>(actual.stream().filter(k -> k.startsWith(prefix)).toList()),
        "objects under " + prefix);
  }

  @Override
  public void close() {
    if (ds != null) {
      ds.close();
    }
  }
}
