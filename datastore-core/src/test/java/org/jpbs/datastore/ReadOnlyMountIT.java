package org.jpbs.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Random;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.datastore.backup.BackupFixture;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.datastore.lock.LockDirectory;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockMode;
import org.jpbs.datastore.lock.LockedException;
import org.jpbs.datastore.verify.SnapshotVerifyResult;
import org.jpbs.datastore.verify.Verifier;
import org.jpbs.datastore.verify.VerifyOptions;
import org.jpbs.datastore.verify.VerifyReport;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.FixedIndexReader;
import org.jpbs.testkit.Mount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A datastore read through a read-only bind mount of it (the read-only mount of an offsite copy):
 * snapshot locks, restore and a report-only verify, while a writer may use the writable mount.
 * Needs root for {@code mount}; skipped otherwise.
 */
class ReadOnlyMountIT {
  @TempDir static Path shared;
  static BackupFixture fx;
  static Path ro;
  static Mount mount;
  static byte[] dataA;
  static byte[] dataB;
  static BackupDir snapA;
  static BackupDir snapB;

  @BeforeAll
  static void backupsAndMount() throws Exception {
    fx = new BackupFixture(shared);
    dataA = random(1, 9 << 20);
    dataB = random(2, 9 << 20);
    snapA = backup(fx.newGroup(), dataA);
    snapB = backup(fx.newGroup(), dataB);
    ro = shared.resolve("ro");
    mount = Mount.readOnlyBind(fx.datastore.base(), ro);
  }

  @AfterAll
  static void unmountAndCheckInvariant() throws Exception {
    try {
      if (mount != null) {
        mount.close();
      }
    } finally {
      assertThat(fx.assertInvariant()).isPositive();
      fx.close();
    }
  }

  @Test
  void lockShared_readOnlyExistingLockFile_realFlock_excludesWriterOnWritableMount()
      throws Exception {
    assertThat(snapA.lockFile()).isRegularFile();
    BackupDir roSnap = roSnapshot(snapA);
    try (LockGuard g = roSnap.lockShared()) {
      assertThat(g.isHeld()).isTrue();
      assertThatThrownBy(snapA::lock).isInstanceOf(LockedException.class);
    }
    try (LockGuard writer = snapA.lock()) {
      assertThatThrownBy(roSnap::lockShared).isInstanceOf(LockedException.class);
    }
  }

  @Test
  void lockShared_readOnlyMissingLockFile_grantedWithoutCreatingIt() throws Exception {
    LockDirectory roLocks = LockDirectory.at(ro.resolve(Datastore.DEFAULT_LOCK_DIR));
    assertThat(roLocks.isReadOnly()).isTrue();
    assertThat(LockDirectory.at(fx.datastore.lockDir()).isReadOnly()).isFalse();
    Path file = roLocks.lockFile(java.util.List.of(), "vm/999/2026-01-01T00:00:00Z");
    try (LockGuard g = roLocks.acquire(file, LockMode.SHARED, Duration.ZERO, "test snapshot")) {
      assertThat(g.isHeld()).isTrue();
    }
    assertThat(fx.datastore.lockDir().resolve(file.getFileName().toString())).doesNotExist();
  }

  @Test
  void lockExclusive_readOnlyMissingLockFile_failsNamingTheFile() {
    LockDirectory roLocks = LockDirectory.at(ro.resolve(Datastore.DEFAULT_LOCK_DIR));
    Path file = roLocks.lockFile(java.util.List.of(), "vm/998");
    assertThatThrownBy(
            () -> roLocks.acquire(file, LockMode.EXCLUSIVE, Duration.ZERO, "backup group vm/998"))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(LockedException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("read-only");
    assertThat(fx.datastore.lockDir().resolve(file.getFileName().toString())).doesNotExist();
  }

  @Test
  void restore_readOnly_byteIdentical_withoutSnapshotLockFile() throws Exception {
    Files.delete(snapB.lockFile()); // as on a copy without jpbs's lock tree
    Path target = shared.resolve("restored.img");
    try (ChunkStore store =
        ChunkStore.open(ro, ChunkStoreOptions.defaults(InstantSource.system()))) {
      BackupDir roSnap = roSnapshot(snapB);
      try (ArchiveReader r = ArchiveReader.open(store, roSnap, "disk.img.fidx")) {
        r.restoreTo(target, (done, total) -> {}, new Cancellation());
      }
      assertThat(ArchiveReader.readBlob(roSnap, "conf.blob"))
          .isEqualTo("x=1".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(Files.mismatch(target, writeTemp(dataB))).isEqualTo(-1);
    assertThat(snapB.lockFile()).doesNotExist();
    Files.delete(target);
  }

  @Test
  void verify_readOnly_reportsCorruptChunk_renamesAndRecordsNothing() throws Exception {
    Path manifest = snapA.archivePath(BackupManifest.BLOB_NAME);
    byte[] manifestBefore = Files.readAllBytes(manifest);
    ChunkDigest victim;
    try (FixedIndexReader idx = FixedIndexReader.open(snapA.archivePath("disk.img.fidx"))) {
      victim = idx.digest(1);
    }
    Path chunk = fx.store.chunkPath(victim);
    byte[] good = Files.readAllBytes(chunk);
    try (ChunkStore store =
        ChunkStore.open(ro, ChunkStoreOptions.defaults(InstantSource.system()))) {
      BackupDir roSnap = roSnapshot(snapA);
      try (Verifier v =
          new Verifier(store, VerifyOptions.defaults(InstantSource.system()).withThreads(2))) {
        assertThat(v.readOnly()).isTrue();
        VerifyReport ok = v.verifySnapshot(roSnap);
        assertThat(ok.ok()).as("%s", ok).isTrue();
        assertThat(ok.snapshots().get(0).manifestUpdated()).isFalse();
        assertThat(ok.snapshots().get(0).messages()).isEmpty();
      }
      byte[] bad = good.clone();
      bad[bad.length / 2] ^= 0x01;
      Files.write(chunk, bad); // through the writable mount
      try (Verifier v =
          new Verifier(store, VerifyOptions.defaults(InstantSource.system()).withThreads(2))) {
        VerifyReport r = v.verifySnapshot(roSnap);
        assertThat(r.ok()).isFalse();
        SnapshotVerifyResult s = r.snapshots().get(0);
        assertThat(s.status()).isEqualTo(SnapshotVerifyResult.Status.FAILED);
        assertThat(s.corrupt()).isEqualTo(1);
        assertThat(s.manifestUpdated()).isFalse();
        assertThat(s.messages())
            .singleElement()
            .satisfies(
                m ->
                    assertThat(m)
                        .contains(victim.toHex())
                        .contains("not renamed (read-only datastore)"));
      }
      assertThat(chunk).isRegularFile();
      assertThat(chunk.resolveSibling(chunk.getFileName() + ".0.bad")).doesNotExist();
      assertThat(Files.readAllBytes(manifest))
          .as("no verify_state recorded")
          .isEqualTo(manifestBefore);
    } finally {
      Files.write(chunk, good);
    }
  }

  /** The same snapshot seen through the read-only mount. */
  private static BackupDir roSnapshot(BackupDir d) throws IOException {
    return Datastore.open(ro)
        .group(d.namespace(), d.group().type(), d.group().id())
        .snapshot(d.backupTimeString());
  }

  private static BackupDir backup(BackupGroup group, byte[] data) throws IOException {
    fx.clock.advanceSeconds(10);
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      s.addImage("disk", new ByteArrayInputStream(data), data.length);
      s.addBlob("conf", "x=1".getBytes(StandardCharsets.UTF_8));
      return s.finish().snapshot();
    }
  }

  private static byte[] random(long seed, int size) {
    byte[] d = new byte[size];
    new Random(seed).nextBytes(d);
    return d;
  }

  private static Path writeTemp(byte[] data) throws IOException {
    Path p = shared.resolve("expected-" + System.nanoTime());
    Files.write(p, data);
    p.toFile().deleteOnExit();
    return p;
  }
}
