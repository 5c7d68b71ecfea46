package org.jpbs.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.SyncLevel;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.ProtectedSnapshotException;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.datastore.backup.ArchiveStats;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.datastore.backup.ProgressListener;
import org.jpbs.datastore.prune.KeepOptions;
import org.jpbs.datastore.prune.Pruner;
import org.jpbs.datastore.verify.Verifier;
import org.jpbs.datastore.verify.VerifyOptions;
import org.jpbs.datastore.verify.VerifyReport;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An S3 datastore end to end against the real Ceph RGW: backup, incremental backup, restore, list,
 * prune, forget, protect, verify with a corrupted object, cache loss and refresh, and the bucket's
 * key layout against the spec (pbs-s3.md §2).
 */
class S3DatastoreIT {
  private static final String HOST = "it-host";
  private static final Pattern LAYOUT =
      Pattern.compile(
          "ds1/(\\.in-use"
              + "|\\.chunks/([0-9a-f]{4})/\\2[0-9a-f]{60}(\\.[0-9]\\.bad)?"
              + "|\\.cnt/(ns/[^/]+/)*(ns/[^/]+/\\.namespace"
              + "|(vm|ct|host)/[^/]+/(owner|notes"
              + "|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ/([^/]+\\.(fidx|didx|blob)|\\.protected))))");

  @TempDir Path tmp;
  private S3DatastoreConfig config;
  private S3Datastore ds;
  private long time = 1_767_225_600L; // 2026-01-01

  @BeforeEach
  void create() throws IOException {
    config = RgwEndpoint.freshBucket("ds1");
    ds = S3Datastore.create(tmp.resolve("cache"), config, createOptions(false), storeOptions());
  }

  @AfterEach
  void close() {
    if (ds != null) {
      ds.close();
    }
  }

  private static S3Datastore.CreateOptions createOptions(boolean reuse) {
    return new S3Datastore.CreateOptions(HOST, false, reuse, true, null);
  }

  private static ChunkStoreOptions storeOptions() {
    return ChunkStoreOptions.defaults(InstantSource.system()).withSyncLevel(SyncLevel.NONE);
  }

  private BackupResult backup(BackupGroup g, byte[] image, byte[] stream) throws IOException {
    time += 3600;
    BackupOptions o =
        BackupOptions.defaults(InstantSource.system())
            .withBackupTime(Instant.ofEpochSecond(time))
            .withFixedChunkSize(64 * 1024)
            .withSync(false);
    try (BackupSession s = BackupSession.start(ds.cache(), ds.chunks(), g, o)) {
      s.addImage("disk", new ByteArrayInputStream(image), image.length);
      s.addStream("root.pxar", new ByteArrayInputStream(stream));
      s.addBlob("qemu-server.conf", "memory: 1024\n".getBytes());
      return s.finish();
    }
  }

  private byte[] restore(BackupDir snap, String archive) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveReader r = ArchiveReader.open(ds.chunks(), snap, archive, 0)) {
      r.copyTo(out, ProgressListener.NONE, new Cancellation());
    }
    return out.toByteArray();
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    ds.client().list("ds1/", o -> keys.add(o.key()));
    return keys;
  }

  private static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private BackupGroup group(String id) {
    return ds.datastore().group(BackupNamespace.root(), BackupType.VM, id);
  }

  @Test
  void backupIncrementalRestoreAndBucketLayout() throws IOException {
    byte[] image = random(1, 1 << 20);
    byte[] stream = random(2, 300_000);
    BackupResult first = backup(group("100"), image, stream);
    long putsAfterFirst = ds.client().counters().snapshot().put();
    image[5] ^= 1; // one 64 KiB block changes
    BackupResult second = backup(group("100"), image, stream);
    ArchiveStats img = second.archives().get(0);
    assertEquals(15, img.knownChunks(), "unchanged blocks come from the base snapshot");
    assertEquals(1, img.uploaded());
    long puts = ds.client().counters().snapshot().put() - putsAfterFirst;
    // one chunk + two indexes + one blob + the manifest twice (add, finish) at most
    assertTrue(puts <= 6, "incremental backup made " + puts + " PUTs");

    assertArrayEquals(image, restore(second.snapshot(), "disk.img.fidx"));
    assertArrayEquals(stream, restore(second.snapshot(), "root.pxar.didx"));
    assertEquals(2, group("100").listSnapshots().size());

    List<String> keys = keys();
    for (String k : keys) {
      assertTrue(LAYOUT.matcher(k).matches(), "key outside the PBS 4.2 layout: " + k);
    }
    String snapDir = "ds1/.cnt/vm/100/" + first.snapshot().backupTimeString() + "/";
    assertTrue(keys.contains("ds1/.in-use"));
    assertTrue(keys.contains("ds1/.cnt/vm/100/owner"));
    for (String f : List.of("disk.img.fidx", "root.pxar.didx", "qemu-server.conf.blob")) {
      assertTrue(keys.contains(snapDir + f), snapDir + f);
    }
    assertTrue(keys.contains(snapDir + "index.json.blob"));
    assertEquals(
        "{\"hostname\":\"it-host\"}", new String(ds.client().get("ds1/.in-use").orElseThrow()));
    // every object equals its cache file byte for byte (the cache is what PBS keeps)
    for (String k : keys) {
      if (k.startsWith("ds1/.cnt/")) {
        Path local = ds.cache().base().resolve(k.substring("ds1/.cnt/".length()));
        assertArrayEquals(Files.readAllBytes(local), ds.client().get(k).orElseThrow(), k);
      }
    }
  }

  @Test
  void forgetPruneAndProtectDeleteOnlyTheirOwnObjects() throws IOException {
    byte[] data = random(3, 200_000);
    BackupDir a = backup(group("1"), data, data).snapshot();
    BackupDir b = backup(group("1"), data, data).snapshot();
    backup(group("10"), data, data);
    a.setProtected(true);
    String aPrefix = "ds1/.cnt/vm/1/" + a.backupTimeString() + "/";
    assertTrue(keys().contains(aPrefix + ".protected"));
    assertThrows(ProtectedSnapshotException.class, () -> a.destroy(false));

    b.destroy(false);
    assertFalse(keys().stream().anyMatch(k -> k.contains("/" + b.backupTimeString() + "/")));

    a.setProtected(false);
    assertFalse(keys().contains(aPrefix + ".protected"));
    BackupDir c = backup(group("1"), data, data).snapshot();
    new Pruner(KeepOptions.none().withLast(1), ZoneOffset.UTC).prune(group("1"), false);
    assertFalse(keys().stream().anyMatch(k -> k.startsWith(aPrefix)), "pruned snapshot's objects");
    List<String> left = keys().stream().filter(k -> k.startsWith("ds1/.cnt/vm/1/")).toList();
    assertEquals(5, left.size(), left.toString()); // owner + c's two indexes, blob, manifest
    assertTrue(
        left.stream().allMatch(k -> k.endsWith("/owner") || k.contains(c.backupTimeString())));
    assertEquals(5, keys().stream().filter(k -> k.startsWith("ds1/.cnt/vm/10/")).count());
  }

  @Test
  void groupDestroyKeepsTheNeighbourWithACommonPrefix() throws IOException {
    byte[] data = random(4, 100_000);
    backup(group("1"), data, data);
    backup(group("10"), data, data);
    List<String> before = keys().stream().filter(k -> k.startsWith("ds1/.cnt/vm/10/")).toList();
    BackupGroup.DestroyStats st = group("1").destroy();
    assertTrue(st.groupRemoved());
    assertEquals(before, keys().stream().filter(k -> k.startsWith("ds1/.cnt/vm/10")).toList());
    assertFalse(keys().stream().anyMatch(k -> k.startsWith("ds1/.cnt/vm/1/")));
  }

  @Test
  void verifyMovesACorruptObjectToItsBadKey() throws IOException {
    byte[] data = random(5, 256 * 1024);
    BackupDir snap = backup(group("7"), data, new byte[0]).snapshot();
    ChunkDigest victim = ChunkDigest.sha256(java.util.Arrays.copyOf(data, 64 * 1024));
    String key = config.keys().chunk(victim.toHex());
    byte[] raw = ds.client().get(key).orElseThrow();
    raw[raw.length - 1] ^= 0x55;
    ds.client().put(key, raw);

    VerifyReport report;
    try (Verifier v =
        new Verifier(ds.cache(), ds.chunks(), VerifyOptions.defaults(InstantSource.system()))) {
      report = v.verifySnapshot(snap);
    }
    assertEquals(1, report.corrupt());
    assertEquals(1, report.renamed());
    List<String> keys = keys();
    assertFalse(keys.contains(key), "the corrupt object is moved away");
    assertTrue(keys.contains(key + ".0.bad"), keys.toString());
    assertArrayEquals(raw, ds.client().get(key + ".0.bad").orElseThrow());
    // the next backup uploads the chunk again (no-replace PUT succeeds) and restore works
    BackupDir again = backup(group("7"), data, new byte[0]).snapshot();
    assertTrue(keys().contains(key));
    assertArrayEquals(data, restore(again, "disk.img.fidx"));
  }

  @Test
  void cacheLossIsRepairedFromTheBucket() throws IOException {
    byte[] data = random(6, 500_000);
    BackupDir snap = backup(group("5"), data, data).snapshot();
    ds.datastore().createNamespace(BackupNamespace.root(), "empty");
    ds.close();
    ds = null;
    // the cache disk is gone; a new cache on this host re-uses the bucket's datastore
    Path fresh = tmp.resolve("cache2");
    assertThrows(
        IOException.class,
        () -> S3Datastore.create(fresh, config, createOptions(false), storeOptions()),
        "a prefix holding a datastore is not silently re-initialised");
    ds = S3Datastore.create(tmp.resolve("cache3"), config, createOptions(true), storeOptions());
    BackupGroup g = group("5");
    assertEquals(1, g.listSnapshots().size());
    assertEquals("root@pam", g.owner());
    assertTrue(ds.datastore().namespaceExists(BackupNamespace.of("empty")));
    BackupDir back = g.snapshot(snap.backupTimeString());
    assertArrayEquals(data, restore(back, "disk.img.fidx"));
    assertArrayEquals(data, restore(back, "root.pxar.didx"));
    TreeSet<String> cached = new TreeSet<>();
    try (var s = Files.walk(ds.cache().chunksDir(), 2)) {
      s.filter(Files::isRegularFile).forEach(p -> cached.add(p.getFileName().toString()));
    }
    assertFalse(cached.isEmpty(), "restore filled the chunk cache");
  }

  @Test
  void aWrongChunkObjectFailsTheRestoreNamingItsKey() throws IOException {
    byte[] data = random(7, 128 * 1024);
    BackupDir snap = backup(group("9"), data, new byte[0]).snapshot();
    ds.close();
    ds = S3Datastore.create(tmp.resolve("lost"), config, createOptions(true), storeOptions());
    String key =
        config.keys().chunk(ChunkDigest.sha256(java.util.Arrays.copyOf(data, 65536)).toHex());
    ds.client().put(key, org.jpbs.format.DataBlob.encode(new byte[65536], true).rawData());
    IOException e =
        assertThrows(
            org.jpbs.format.CorruptFileException.class,
            () ->
                restore(
                    ds.datastore()
                        .snapshot(
                            BackupNamespace.root(), BackupType.VM, "9", snap.backupTimeString()),
                    "disk.img.fidx"));
    assertTrue(e.getMessage().contains(config.bucket() + "/" + key), e.getMessage());
    assertFalse(
        Files.exists(
            ds.cache().chunkPath(ChunkDigest.fromHex(key.substring(key.lastIndexOf('/') + 1)))),
        "a wrong object is not cached");
  }

  @Test
  void anOversizedOrEmptyChunkObjectIsCorruptNamingItsKey() throws IOException {
    ChunkDigest d = ChunkDigest.sha256(new byte[] {1, 2, 3});
    String key = config.keys().chunk(d.toHex());
    ds.client().put(key, new byte[org.jpbs.format.BlobFormat.MAX_ENCODED_CHUNK_SIZE + 4096]);
    long before = ds.client().counters().snapshot().downloaded();
    IOException big = assertThrows(IOException.class, () -> ds.chunks().loadAuthoritative(d));
    assertTrue(big.getMessage().contains(config.bucket() + "/" + key), big.getMessage());
    assertTrue(big.getMessage().contains("larger than a chunk can be"), big.getMessage());
    long got = ds.client().counters().snapshot().downloaded() - before;
    assertEquals(org.jpbs.format.BlobFormat.MAX_ENCODED_CHUNK_SIZE + 1, got);
    ds.client().put(key, new byte[0]);
    IOException empty = assertThrows(IOException.class, () -> ds.chunks().load(d));
    assertTrue(empty.getMessage().contains(config.bucket() + "/" + key), empty.getMessage());
  }

  @Test
  void anotherHostsMarkerRefusesUnlessOverwriting() throws IOException {
    ds.close();
    ds = null;
    S3Datastore.CreateOptions other =
        new S3Datastore.CreateOptions("other", false, true, true, null);
    IOException e =
        assertThrows(
            InUseMarker.S3DatastoreInUseException.class,
            () -> S3Datastore.create(tmp.resolve("c2"), config, other, storeOptions()));
    assertEquals(
        "bucket " + config.bucket() + " already contains datastore ds1 in use by host it-host",
        e.getMessage());
    ds =
        S3Datastore.create(
            tmp.resolve("c3"),
            config,
            new S3Datastore.CreateOptions("other", true, true, true, null),
            storeOptions());
    assertEquals("other", InUseMarker.holder(ds.client()).orElseThrow());
  }
}
