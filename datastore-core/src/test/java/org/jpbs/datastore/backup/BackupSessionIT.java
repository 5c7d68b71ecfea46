package org.jpbs.datastore.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockedException;
import org.jpbs.format.BackupManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupSessionIT {
  @TempDir static Path shared;
  static BackupFixture fx;
  @TempDir Path tmp;
  BackupGroup group;

  @BeforeAll
  static void createStore() throws IOException {
    fx = new BackupFixture(shared);
  }

  @BeforeEach
  void newGroup() {
    group = fx.newGroup();
  }

  @AfterAll
  static void checkInvariant() throws IOException {
    fx.assertInvariant();
    fx.close();
  }

  private BackupDir backup(byte[] data) throws IOException {
    fx.clock.advanceSeconds(10);
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      s.addImage("disk", new ByteArrayInputStream(data), data.length);
      return s.finish().snapshot();
    }
  }

  @Test
  void failingInput_backupRemovesSnapshotAndReleasesLocks() throws IOException {
    fx.clock.advanceSeconds(10);
    InputStream failing =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (++n > 5_000_000) {
              throw new IOException("disk read error");
            }
            return 1;
          }
        };
    BackupDir snap;
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      snap = s.snapshot();
      assertThat(snap.exists()).isTrue();
      assertThatThrownBy(() -> s.addImage("disk", failing, 10_000_000))
          .hasMessageContaining("disk read error");
      assertThatThrownBy(s::finish).isInstanceOf(IllegalStateException.class);
    }
    assertThat(snap.exists()).isFalse();
    assertThat(group.exists()).as("the empty group this backup created is gone").isFalse();
    assertThat(fx.store.oldestSharedGuard()).isEmpty();
    backup(new byte[100]); // group lock free again
  }

  @Test
  void cancelledBackup_throwsInterruptedAndLeavesNoSnapshot() throws IOException {
    fx.clock.advanceSeconds(10);
    Cancellation cancel = new Cancellation();
    List<Long> seen = new ArrayList<>();
    BackupOptions o =
        fx.options()
            .withCancellation(cancel)
            .withProgress(
                (done, total) -> {
                  seen.add(done);
                  if (done >= 8L * 1024 * 1024) {
                    cancel.cancel();
                  }
                });
    BackupDir snap;
    try (BackupSession s = BackupSession.start(fx.store, group, o)) {
      snap = s.snapshot();
      assertThatThrownBy(
              () -> s.addImage("disk", new ByteArrayInputStream(new byte[20 << 20]), 20 << 20))
          .isInstanceOf(InterruptedIOException.class);
    }
    assertThat(seen).contains(0L, 4L << 20, 8L << 20).doesNotContain(12L << 20);
    assertThat(snap.exists()).isFalse();
    assertThat(group.exists()).as("the group this backup created is removed with it").isFalse();
  }

  @Test
  void failedFirstBackup_removesTheGroupItCreated_anotherOwnerCanBackUp() throws IOException {
    fx.clock.advanceSeconds(10);
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      assertThat(group.exists()).isTrue();
      assertThatThrownBy(() -> s.addImage("disk", tmp.resolve("missing")))
          .isInstanceOf(IOException.class);
    }
    assertThat(group.exists()).isFalse();
    assertThat(group.lockFile()).doesNotExist();

    fx.clock.advanceSeconds(10);
    try (BackupSession s =
        BackupSession.start(fx.store, group, fx.options().withOwner("alice@pbs"))) {
      s.addBlob("a", new byte[] {1});
      s.finish();
    }
    assertThat(group.owner()).isEqualTo("alice@pbs");
  }

  @Test
  void failedBackup_existingGroup_keptWithOwner() throws IOException {
    assertThat(group.create("alice@pbs")).isEqualTo("alice@pbs"); // existed before, holds nothing
    fx.clock.advanceSeconds(10);
    try (BackupSession s =
        BackupSession.start(fx.store, group, fx.options().withOwner("alice@pbs"))) {
      assertThatThrownBy(() -> s.addImage("disk", tmp.resolve("missing")))
          .isInstanceOf(IOException.class);
    }
    assertThat(group.exists()).isTrue();
    assertThat(group.owner()).isEqualTo("alice@pbs");

    BackupDir kept = backupAs("alice@pbs");
    fx.clock.advanceSeconds(10);
    try (BackupSession s =
        BackupSession.start(fx.store, group, fx.options().withOwner("alice@pbs"))) {
      assertThatThrownBy(() -> s.addImage("disk", tmp.resolve("missing")))
          .isInstanceOf(IOException.class);
    }
    assertThat(group.listSnapshots()).extracting(i -> i.dir()).containsExactly(kept);
  }

  @Test
  void failedStart_newGroup_removed_invalidOwner_createsNothing() throws IOException {
    fx.clock.advanceSeconds(10);
    BackupDir planned = group.snapshot(fx.clock.instant().getEpochSecond());
    try (LockGuard held =
        planned.lock()) { // another holder of the new snapshot's lock: start fails late
      assertThatThrownBy(() -> BackupSession.start(fx.store, group, fx.options()))
          .isInstanceOf(LockedException.class);
    }
    assertThat(group.exists()).as("the group start created is removed again").isFalse();

    assertThatThrownBy(
            () -> BackupSession.start(fx.store, group, fx.options().withOwner("bad owner")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(group.exists()).as("an invalid owner creates no group").isFalse();
    assertThat(fx.store.oldestSharedGuard()).isEmpty();
  }

  private BackupDir backupAs(String owner) throws IOException {
    fx.clock.advanceSeconds(10);
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options().withOwner(owner))) {
      s.addBlob("a", new byte[] {1});
      return s.finish().snapshot();
    }
  }

  @Test
  void explicitBackupTime_indexCtimeIsTheClockAtCreation() throws IOException {
    fx.clock.advanceSeconds(10);
    long now = fx.clock.instant().getEpochSecond();
    java.time.Instant backupTime = java.time.Instant.ofEpochSecond(now - 86_400);
    BackupDir snap;
    try (BackupSession s =
        BackupSession.start(fx.store, group, fx.options().withBackupTime(backupTime))) {
      fx.clock.advanceSeconds(7); // the indexes are created later than the session starts
      s.addImage("disk", new ByteArrayInputStream(new byte[100]), 100);
      s.addStream("root.pxar", new ByteArrayInputStream(new byte[100]));
      snap = s.finish().snapshot();
    }
    assertThat(snap.backupTime()).isEqualTo(now - 86_400);
    for (String index : List.of("disk.img.fidx", "root.pxar.didx")) {
      byte[] head = Files.readAllBytes(snap.archivePath(index));
      long ctime =
          java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(24);
      assertThat(ctime)
          .as("%s header ctime (PBS: epoch now at creation)", index)
          .isEqualTo(now + 7);
    }
  }

  @Test
  void firstBackup_counters_repeatedWithinBackupNotKnown_zeroChunkInStoreIsDuplicate()
      throws IOException {
    byte[] data = new byte[16 << 20]; // random, zeros, zeros, random: 4 fixed chunks
    new java.util.Random(5).nextBytes(data);
    java.util.Arrays.fill(data, 4 << 20, 12 << 20, (byte) 0);
    fx.store.insert(
        org.jpbs.chunkstore.AtimeCheck.ZERO_CHUNK_DIGEST,
        org.jpbs.format.DataBlob.encode(
            new byte[4 << 20], true)); // as init's atime check leaves it
    fx.clock.advanceSeconds(10);
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      ArchiveStats a = s.addImage("disk", new ByteArrayInputStream(data), data.length);
      BackupResult r = s.finish();
      assertThat(a.chunks()).isEqualTo(4);
      assertThat(a.knownChunks()).as("no base: nothing is known from one").isZero();
      assertThat(a.repeatedChunks()).as("the second zero chunk").isEqualTo(1);
      assertThat(a.duplicates()).as("the zero chunk was already stored").isEqualTo(1);
      assertThat(a.uploaded()).isEqualTo(3);
      assertThat(r.noBaseReason()).contains("no previous snapshot");
    }
  }

  @Test
  void backupTime_notAfterBase_rejected() throws IOException {
    BackupDir last = backup(new byte[10]);
    // same second as the base
    assertThatThrownBy(() -> BackupSession.start(fx.store, group, fx.options()))
        .isInstanceOf(BackupTimeRejectedException.class)
        .hasMessage(
            "backup time "
                + last.backupTimeString()
                + " is not after the last backup "
                + last.relativePath());
    assertThat(group.listSnapshots()).hasSize(1);
    assertThat(group.exists()).isTrue();
  }

  @Test
  void backupTime_notAfterLastSnapshotThatFailedVerify_rejectedToo() throws IOException {
    BackupDir last = backup(new byte[10]);
    Path m = last.archivePath(BackupManifest.BLOB_NAME);
    BackupManifest manifest = BackupManifest.load(m);
    manifest.setVerifyState("UPID:x:00000001:00000000:00000000:00000000:verify:x:root@pam:", false);
    manifest.store(m, false);
    BackupOptions earlier = fx.options().withBackupTime(last.instant().minusSeconds(5));
    assertThatThrownBy(() -> BackupSession.start(fx.store, group, earlier))
        .isInstanceOf(BackupTimeRejectedException.class)
        .hasMessageContaining(last.relativePath());
    assertThatThrownBy(() -> BackupSession.start(fx.store, group, fx.options()))
        .isInstanceOf(BackupTimeRejectedException.class)
        .hasMessageContaining(last.relativePath());
    assertThat(group.listSnapshots()).hasSize(1);
  }

  @Test
  void secondSession_sameGroup_locked() throws IOException {
    fx.clock.advanceSeconds(10);
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      fx.clock.advanceSeconds(10);
      assertThatThrownBy(() -> BackupSession.start(fx.store, group, fx.options()))
          .isInstanceOf(LockedException.class);
      s.addBlob("a", new byte[] {1});
      s.finish();
    }
  }

  @Test
  void baseSnapshot_heldSharedDuringSession_cannotBeForgotten() throws IOException {
    BackupDir base = backup(new byte[10]);
    fx.clock.advanceSeconds(10);
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      assertThat(s.base()).contains(base);
      assertThatThrownBy(() -> base.destroy(false)).isInstanceOf(LockedException.class);
      // the new snapshot is held exclusively: no reader gets in
      assertThatThrownBy(() -> s.snapshot().lockShared()).isInstanceOf(LockedException.class);
      s.finish();
    }
    try (LockGuard g = base.lock()) {
      assertThat(g.isHeld()).isTrue();
    }
  }

  @Test
  void registration_beforeStoreLockAndClosedAfterRelease() throws IOException {
    fx.clock.advanceSeconds(10);
    List<String> events = new ArrayList<>();
    WriterRegistration reg =
        (kind, desc) -> {
          events.add(
              "register "
                  + kind
                  + " "
                  + desc
                  + " lockHeld="
                  + fx.store.oldestSharedGuard().isPresent());
          return () -> events.add("close lockHeld=" + fx.store.oldestSharedGuard().isPresent());
        };
    try (BackupSession s =
        BackupSession.start(fx.store, group, fx.options().withRegistration(reg))) {
      assertThat(fx.store.oldestSharedGuard()).isPresent();
      s.finish();
    }
    assertThat(events)
        .containsExactly(
            "register backup " + group.relativePath() + " lockHeld=false", "close lockHeld=false");
  }

  @Test
  void failedVerifyBase_notUsed_everythingUploaded() throws IOException {
    byte[] data = new byte[5 << 20];
    new java.util.Random(1).nextBytes(data);
    BackupDir first = backup(data);
    Path m = first.archivePath(BackupManifest.BLOB_NAME);
    BackupManifest manifest = BackupManifest.load(m);
    manifest.setVerifyState("UPID:x:00000001:00000000:00000000:00000000:verify:x:root@pam:", false);
    manifest.store(m, false);
    fx.clock.advanceSeconds(10);
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      assertThat(s.base()).isEmpty();
      ArchiveStats a = s.addImage("disk", new ByteArrayInputStream(data), data.length);
      assertThat(a.uploaded()).isEqualTo(2);
      assertThat(a.duplicates()).isEqualTo(2); // already stored: touched, not written
      assertThat(s.finish().noBaseReason())
          .contains("previous snapshot " + first.backupTimeString() + " failed verification");
    }
  }

  @Test
  void unreadableBaseManifest_noBase() throws IOException {
    BackupDir first = backup(new byte[10]);
    Files.write(first.archivePath(BackupManifest.BLOB_NAME), new byte[] {1, 2, 3});
    fx.clock.advanceSeconds(10);
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      assertThat(s.base()).isEmpty();
      s.finish();
    }
    // leave a readable manifest for the class invariant
    Files.delete(first.archivePath(BackupManifest.BLOB_NAME));
  }

  @Test
  void wrongOwner_rejected() throws IOException {
    backup(new byte[1]);
    fx.clock.advanceSeconds(10);
    assertThatThrownBy(
            () -> BackupSession.start(fx.store, group, fx.options().withOwner("other@pbs")))
        .isInstanceOf(BackupRejectedException.class)
        .hasMessageContaining("owned by root@pam");
  }

  @Test
  void archiveName_duplicateOrReserved_rejected() throws IOException {
    fx.clock.advanceSeconds(10);
    try (BackupSession s = BackupSession.start(fx.store, group, fx.options())) {
      s.addBlob("conf", new byte[] {1});
      assertThatThrownBy(() -> s.addBlob("conf.blob", new byte[] {2}))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.addBlob("index.json", new byte[] {2}))
          .isInstanceOf(IllegalArgumentException.class);
      s.finish();
    }
  }

  @Test
  void knownChunks_referencedWithoutTouch_duplicatesTouched() throws IOException {
    byte[] data = new byte[6 << 20];
    new java.util.Random(2).nextBytes(data);
    BackupDir first = backup(data);
    List<Path> chunks = new ArrayList<>();
    try (var idx = org.jpbs.format.FixedIndexReader.open(first.archivePath("disk.img.fidx"))) {
      for (int i = 0; i < idx.count(); i++) {
        chunks.add(fx.store.chunkPath(idx.digest(i)));
      }
    }
    java.nio.file.attribute.FileTime old =
        java.nio.file.attribute.FileTime.from(
            java.time.Instant.now().minus(java.time.Duration.ofDays(3)));
    for (Path c : chunks) {
      Files.getFileAttributeView(c, java.nio.file.attribute.BasicFileAttributeView.class)
          .setTimes(null, old, null);
    }
    BackupDir second = backup(data); // base = first: every chunk is known
    assertThat(second).isNotEqualTo(first);
    for (Path c : chunks) {
      assertThat(
              Files.readAttributes(c, java.nio.file.attribute.BasicFileAttributes.class)
                  .lastAccessTime())
          .as("known chunk %s must not be touched (PBS known_chunks)", c.getFileName())
          .isEqualTo(old);
    }
    group = fx.newGroup(); // no base: the same chunks are uploaded as server-side duplicates
    backup(data);
    for (Path c : chunks) {
      assertThat(
              Files.readAttributes(c, java.nio.file.attribute.BasicFileAttributes.class)
                  .lastAccessTime())
          .as("duplicate insert touches %s", c.getFileName())
          .isGreaterThan(old);
    }
  }
}
