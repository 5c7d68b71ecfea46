package org.jpbs.gc.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.stream.Stream;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.SnapshotPath;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.datastore.verify.Verifier;
import org.jpbs.datastore.verify.VerifyOptions;
import org.jpbs.datastore.verify.VerifyReport;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.GcStatus;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.jpbs.testkit.Damage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Corrupt, truncated and oversized index, blob, manifest and status files; unreadable files;
 * hostile names. Each gives a typed error naming the file and loses nothing; a GC never sweeps
 * after an index it could not read.
 */
class CorruptionIT {
  @TempDir static Path shared;
  static ReliabilityStore rs;
  @TempDir Path tmp;

  @BeforeAll
  static void createStore() throws IOException {
    rs =
        new ReliabilityStore(
            shared.resolve("store")); // one store: creating 65,536 directories is slow
  }

  @AfterAll
  static void closeStore() throws IOException {
    rs.close();
  }

  @BeforeEach
  void freshGroups() throws IOException {
    rs.freshGroups(2);
  }

  @AfterEach
  void resetTree() throws IOException {
    rs.resetTree();
  }

  /**
   * Every case with {@code -Djpbs.reliability.full=true} (the reliability profile), else the first
   * few.
   */
  static Stream<Arguments> cases(int bounded, Object[]... all) {
    int n =
        Boolean.getBoolean("jpbs.reliability.full") ? all.length : Math.min(bounded, all.length);
    return Arrays.stream(all, 0, n).map(Arguments::of);
  }

  static Stream<Arguments> indexDamages() {
    return cases(
        2,
        new Object[] {"disk.img.fidx", "magic"},
        new Object[] {"root.pxar.didx", "truncated"},
        new Object[] {"disk.img.fidx", "truncated"},
        new Object[] {"disk.img.fidx", "oversized"},
        new Object[] {"disk.img.fidx", "empty"},
        new Object[] {"disk.img.fidx", "header-size"},
        new Object[] {"root.pxar.didx", "magic"},
        new Object[] {"root.pxar.didx", "oversized"},
        new Object[] {"root.pxar.didx", "empty"});
  }

  static Stream<Arguments> manifestDamages() {
    return cases(
        1,
        new Object[] {"flip"},
        new Object[] {"truncated"},
        new Object[] {"empty"},
        new Object[] {"oversized"});
  }

  static Stream<Arguments> chunkDamages() {
    return cases(1, new Object[] {"payload"}, new Object[] {"truncated"}, new Object[] {"empty"});
  }

  static Stream<Arguments> statusDamages() {
    return cases(
        1,
        new Object[] {"truncated"},
        new Object[] {"payload"},
        new Object[] {"empty"},
        new Object[] {"oversized"});
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("indexDamages")
  void gc_damagedIndex_abortsBeforeSweepNamingTheFile(String archive, String damage)
      throws Exception {
    Path index = rs.snapshots.get(0).fullPath().resolve(archive);
    Damage.named(index, damage);
    StoreAudit.ageChunks(rs.base);
    ChunkDigest orphan = rs.orphan("orphan " + damage);
    StoreAudit.ageChunks(rs.base);
    var before = rs.chunkNames();

    assertThatThrownBy(rs::gc)
        .isInstanceOf(IOException.class)
        .hasMessageContaining(index.toString());

    assertThat(rs.chunkNames()).as("nothing swept after an unreadable index").isEqualTo(before);
    assertThat(rs.exists(orphan)).isTrue();
    // the other snapshot is intact and restores
    TortureWorker.checkRestore(rs.store, rs.snapshots.get(1));
  }

  @Test
  void gc_unreadableIndex_abortsBeforeSweep() throws Exception {
    Path index = rs.snapshots.get(0).fullPath().resolve(TortureData.STREAM_INDEX);
    Files.setPosixFilePermissions(index, PosixFilePermissions.fromString("---------"));
    assumeThat(Files.isReadable(index))
        .as("running as root: permission bits are bypassed")
        .isFalse();
    StoreAudit.ageChunks(rs.base);
    var before = rs.chunkNames();
    assertThatThrownBy(rs::gc)
        .isInstanceOf(IOException.class)
        .hasMessageContaining(index.toString());
    assertThat(rs.chunkNames()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifestDamages")
  void corruptManifest_restoreFailsNamingIt_gcKeepsEveryChunk(String damage) throws Exception {
    BackupDir snap = rs.snapshots.get(0);
    Path manifest = snap.fullPath().resolve(BackupManifest.BLOB_NAME);
    Damage.named(manifest, damage.equals("flip") ? "payload" : damage);

    assertThatThrownBy(() -> TortureWorker.checkRestore(rs.store, snap))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(manifest.toString());
    try (Verifier v =
        new Verifier(rs.store, VerifyOptions.defaults(InstantSource.system()).withThreads(1))) {
      VerifyReport r = v.verifySnapshot(snap);
      assertThat(r.ok()).isFalse();
      assertThat(String.join(" ", r.failed().get(0).messages())).contains(BackupManifest.BLOB_NAME);
    }
    StoreAudit.ageChunks(rs.base);
    rs.gc();
    // every chunk of the damaged snapshot's indexes survives (the GC marks indexes, not manifests)
    for (String archive : new String[] {TortureData.IMAGE_INDEX, TortureData.STREAM_INDEX}) {
      try (IndexFile idx = IndexFiles.open(snap.fullPath().resolve(archive))) {
        for (int i = 0; i < idx.count(); i++) {
          assertThat(rs.exists(idx.digest(i))).as("chunk %d of %s", i, archive).isTrue();
        }
      }
    }
    // the next backup of the group ignores the unreadable base and succeeds
    Thread.sleep(1005 - System.currentTimeMillis() % 1000);
    TortureWorker.checkRestore(rs.store, rs.backup(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chunkDamages")
  void corruptChunk_verifyReportsItRestoreNamesIt_gcKeepsTheEvidence(String damage)
      throws Exception {
    BackupDir snap = rs.snapshots.get(0);
    ChunkDigest d;
    try (IndexFile idx = IndexFiles.open(snap.fullPath().resolve(TortureData.IMAGE_INDEX))) {
      d = idx.digest(0);
    }
    Damage.named(rs.store.chunkPath(d), damage);

    assertThatThrownBy(() -> TortureWorker.checkRestore(rs.store, snap))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(d.toHex());
    try (Verifier v =
        new Verifier(rs.store, VerifyOptions.defaults(InstantSource.system()).withThreads(1))) {
      VerifyReport r = v.verifySnapshot(snap);
      assertThat(r.corrupt()).isPositive();
      assertThat(String.join(" ", r.failed().get(0).messages())).contains(d.toHex());
    }
    Path dir = rs.store.chunkPath(d).getParent();
    StoreAudit.ageChunks(rs.base);
    rs.gc();
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .as("the corrupt chunk (renamed .bad by verify) is kept: there is no good copy")
          .anyMatch(n -> n.startsWith(d.toHex()));
    }
    TortureWorker.checkRestore(rs.store, rs.snapshots.get(1));
    try (var s = Files.list(dir)) { // the evidence would fail later tests' audits
      for (Path p :
          (Iterable<Path>)
              s.filter(p -> p.getFileName().toString().startsWith(d.toHex()))::iterator) {
        Files.delete(p);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statusDamages")
  void gc_corruptGcStatus_runsAndRewritesIt(String damage) throws Exception {
    Path status = rs.base.resolve(GcStatus.FILE_NAME);
    Files.write(
        status, "{\"upid\":\"x\",\"index-file-count\":1}".getBytes(StandardCharsets.US_ASCII));
    Damage.named(status, damage);
    assertThatThrownBy(() -> GcStatus.load(status)).isInstanceOf(IOException.class);
    rs.gc();
    assertThat(GcStatus.load(status).indexFileCount()).isEqualTo(4);
    assertThat(StoreAudit.run(rs.base, rs.store, rs.datastore).problems()).isEmpty();
  }

  @Test
  void names_pathTraversalNulOverlong_rejectedWithClearError() {
    for (String id :
        new String[] {"..", "../etc", "a/b", "a\u0000b", "x".repeat(300), "", "a\nb"}) {
      assertThatThrownBy(() -> rs.datastore.group(BackupNamespace.root(), BackupType.HOST, id))
          .as("group id %s", id)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("backup id");
    }
    for (String p :
        new String[] {
          "host/../x/2020-01-01T00:00:00Z", "host/x/../../etc", "ns/../host/x/2020-01-01T00:00:00Z"
        }) {
      assertThatThrownBy(() -> SnapshotPath.parse(p))
          .as(p)
          .isInstanceOf(IllegalArgumentException.class);
    }
    BackupDir snap = rs.snapshots.get(0);
    for (String name :
        new String[] {
          "../../.chunks/x.didx", "/etc/passwd", "a\u0000.didx", "x".repeat(300) + ".didx"
        }) {
      assertThatThrownBy(() -> ArchiveReader.open(rs.store, snap, name))
          .as(name)
          .isInstanceOfAny(IllegalArgumentException.class, IOException.class);
    }
  }

  @Test
  void gc_hostileEntriesInTheTree_ignoredOrRefused_nothingLost() throws Exception {
    Path group = rs.snapshots.get(0).fullPath().getParent();
    Files.createDirectories(rs.base.resolve("host").resolve("evil\nname"));
    Files.createDirectories(rs.base.resolve("host").resolve("x".repeat(255)));
    Files.createDirectories(group.resolve("not-a-time"));
    Files.write(
        group.resolve("2020-01-01T00:00:00Z"),
        new byte[] {1}); // a file where a snapshot dir belongs
    Path outside = Files.createDirectories(tmp.resolve("outside/host/victim/2020-01-01T00:00:00Z"));
    Files.write(outside.resolve("keep.blob"), new byte[] {42});
    Files.createSymbolicLink(rs.base.resolve("host").resolve("linked"), outside.getParent());
    Files.createSymbolicLink(group.resolve("2021-01-01T00:00:00Z"), outside);
    StoreAudit.ageChunks(rs.base);
    ChunkDigest orphan = rs.orphan("hostile tree orphan");
    StoreAudit.ageChunks(rs.base);
    var before = rs.chunkNames();
    try {
      String r = rs.gc();
      assertThat(rs.exists(orphan)).as("the GC ran to the end: %s", r).isFalse();
    } catch (IOException refused) {
      assertThat(rs.chunkNames())
          .as("refused (%s): nothing swept", refused.getMessage())
          .isEqualTo(before);
    }
    assertThat(Files.readAllBytes(outside.resolve("keep.blob"))).containsExactly(42);
    assertThat(StoreAudit.run(rs.base, rs.store, rs.datastore).problems()).isEmpty();
  }

  @Test
  void gc_symlinkInChunks_targetOutsideTheStoreUntouched() throws Exception {
    Path victim = Files.writeString(tmp.resolve("victim"), "do not delete");
    ChunkDigest fake = ChunkDigest.sha256(new byte[] {7, 7, 7});
    Path link = rs.store.chunkPath(fake);
    Files.createSymbolicLink(link, victim);
    StoreAudit.ageChunks(rs.base); // ages the link itself (no-follow)
    rs.gc();
    assertThat(Files.readString(victim)).isEqualTo("do not delete");
    Files.deleteIfExists(link); // not a blob: the audit would flag the test's own fake chunk
    assertThat(StoreAudit.run(rs.base, rs.store, rs.datastore).problems()).isEmpty();
  }
}
