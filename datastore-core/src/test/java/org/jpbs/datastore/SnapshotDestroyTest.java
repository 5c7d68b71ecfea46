package org.jpbs.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // lock guards and registrations are held for the scope of the try
class SnapshotDestroyTest {
  @TempDir Path tmp;
  Datastore store;
  BackupGroup group;
  BackupDir older;
  BackupDir newer;

  @BeforeEach
  void setUp() throws IOException {
    store = TestStores.create(tmp);
    group = TestStores.group(store, BackupNamespace.of("a", "b"), BackupType.VM, "100");
    older = TestStores.snapshot(group, "2024-01-01T00:00:00Z", true, false);
    newer = TestStores.snapshot(group, "2024-01-02T00:00:00Z", true, false);
  }

  @Test
  void destroy_removesDirectoryAndLockFiles_keepsGroupWithOtherSnapshots() throws IOException {
    try (LockGuard s = older.lockShared()) {
      assertThat(older.lockFile()).exists();
    }
    older.destroy(false);
    assertThat(older.fullPath()).doesNotExist();
    assertThat(older.lockFile()).doesNotExist();
    assertThat(older.manifestLockFile()).doesNotExist();
    assertThat(group.exists()).isTrue();
    assertThat(group.owner()).isEqualTo(TestStores.OWNER);
    assertThat(newer.exists()).isTrue();
  }

  @Test
  void destroy_lastSnapshot_removesNotesOwnerGroupAndGroupLock() throws IOException {
    Files.writeString(group.notesPath(), "n");
    try (LockGuard g = group.lock()) {
      assertThat(group.lockFile()).exists();
    }
    older.destroy(false);
    newer.destroy(false);
    assertThat(group.exists()).isFalse();
    assertThat(group.lockFile()).doesNotExist();
    assertThat(store.namespaceExists(BackupNamespace.of("a", "b"))).isTrue();
  }

  @Test
  void destroy_lastSnapshotButGroupLocked_groupLeftIntact() throws IOException {
    older.destroy(false);
    try (LockGuard g = group.lock()) {
      newer.destroy(false);
    }
    assertThat(group.exists()).isTrue();
    assertThat(group.owner()).isEqualTo(TestStores.OWNER);
    assertThat(group.listSnapshots()).isEmpty();
  }

  @Test
  void destroy_lastSnapshotButStrayEntryInGroup_ownerKept() throws IOException {
    Files.createDirectory(group.fullPath().resolve("stray"));
    older.destroy(false);
    newer.destroy(false);
    assertThat(group.exists()).isTrue();
    assertThat(group.owner()).isEqualTo(TestStores.OWNER);
  }

  @Test
  void destroy_protected_refusedNothingDeleted() throws IOException {
    older.setProtected(true);
    Map<String, List<String>> before = TestStores.snapshotFiles(group);
    assertThatThrownBy(() -> older.destroy(false))
        .isInstanceOf(ProtectedSnapshotException.class)
        .hasMessageContaining(older.backupTimeString());
    assertThat(TestStores.snapshotFiles(group)).isEqualTo(before);
    older.setProtected(false);
    older.setProtected(false);
    assertThat(older.isProtected()).isFalse();
    older.destroy(false);
    assertThat(older.exists()).isFalse();
  }

  @Test
  void forgetRacingReader_sharedLockHeld_failsCleanlyNothingDeleted() throws Exception {
    Map<String, List<String>> before = TestStores.snapshotFiles(group);
    var reader = Executors.newSingleThreadExecutor();
    try {
      LockGuard shared = reader.submit(() -> older.lockShared()).get(30, TimeUnit.SECONDS);
      try {
        assertThatThrownBy(() -> older.destroy(false))
            .isInstanceOf(LockedException.class)
            .hasMessageContaining("snapshot ns/a/ns/b/vm/100/2024-01-01T00:00:00Z")
            .hasMessageContaining("locked by another operation");
        assertThatThrownBy(() -> older.setProtected(true)).isInstanceOf(LockedException.class);
        assertThat(TestStores.snapshotFiles(group)).isEqualTo(before);
        assertThat(older.lockFile()).exists();
      } finally {
        shared.close();
      }
    } finally {
      reader.shutdownNow();
    }
    older.destroy(false);
    assertThat(older.exists()).isFalse();
  }

  @Test
  void destroy_manifestLocked_failsAfterWaitNothingDeleted() throws Exception {
    var other = Executors.newSingleThreadExecutor();
    try {
      LockGuard m = other.submit(() -> older.lockManifest()).get(30, TimeUnit.SECONDS);
      try {
        Future<?> f = other.submit(() -> null);
        f.get();
        assertThatThrownBy(() -> older.destroy(false))
            .isInstanceOf(LockedException.class)
            .hasMessageContaining("manifest");
        assertThat(older.exists()).isTrue();
      } finally {
        m.close();
      }
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void listener_calledUnderExclusiveLockWithIndexFilesBeforeDeletion() throws IOException {
    List<String> seen = new ArrayList<>();
    try (Datastore.Registration r =
        store.addRemovalListener(
            (snap, index) -> {
              seen.add(snap.toString());
              assertThat(index)
                  .containsExactlyInAnyOrder(
                      snap.archivePath("drive-scsi0.img.fidx"), snap.archivePath("root.pxar.didx"));
              assertThat(index).allSatisfy(p -> assertThat(p).exists());
              assertThatThrownBy(snap::lockShared).isInstanceOf(LockedException.class);
              assertThatThrownBy(() -> snap.lockManifest(java.time.Duration.ZERO))
                  .isInstanceOf(LockedException.class);
            })) {
      older.destroy(false);
    }
    newer.destroy(false);
    assertThat(seen).containsExactly(older.toString());
  }

  @Test
  void listener_throws_removalAbortedNothingDeleted() throws IOException {
    Map<String, List<String>> before = TestStores.snapshotFiles(group);
    try (Datastore.Registration r =
        store.addRemovalListener(
            (snap, index) -> {
              throw new IOException("gc says no");
            })) {
      assertThatThrownBy(() -> older.destroy(false))
          .isInstanceOf(RemovalAbortedException.class)
          .hasMessageContaining("gc says no")
          .hasCauseInstanceOf(IOException.class);
      assertThatThrownBy(group::destroy).isInstanceOf(RemovalAbortedException.class);
    }
    assertThat(TestStores.snapshotFiles(group)).isEqualTo(before);
    try (LockGuard free = older.lock()) {
      assertThat(free.isHeld()).isTrue();
    }
  }

  @Test
  void destroy_missingSnapshot_noSuchFile() {
    BackupDir ghost = group.snapshot("2020-01-01T00:00:00Z");
    assertThatThrownBy(() -> ghost.destroy(false))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void destroy_force_skipsLocks() throws IOException {
    try (LockGuard mine = older.lock()) {
      older.destroy(true);
    }
    assertThat(older.exists()).isFalse();
  }

  @Test
  void groupDestroy_snapshotInUse_lockedExceptionSnapshotKept() throws Exception {
    var reader = Executors.newSingleThreadExecutor();
    try {
      LockGuard shared = reader.submit(() -> newer.lockShared()).get(30, TimeUnit.SECONDS);
      try {
        assertThatThrownBy(group::destroy).isInstanceOf(LockedException.class);
        assertThat(newer.exists()).isTrue();
        assertThat(group.owner()).isEqualTo(TestStores.OWNER);
      } finally {
        shared.close();
      }
    } finally {
      reader.shutdownNow();
    }
  }

  @Test
  void customLockDir_pbsLayout_sharedByAllInstancesOnIt() throws IOException {
    Path runLocks = tmp.resolve("run/proxmox-backup/locks/store1");
    Datastore viaRun = Datastore.open(store.base(), runLocks);
    BackupDir s =
        viaRun.snapshot(BackupNamespace.of("a", "b"), BackupType.VM, "100", "2024-01-01T00:00:00Z");
    assertThat(viaRun.lockDir()).isEqualTo(runLocks);
    assertThat(s.lockFile())
        .isEqualTo(runLocks.resolve("a:b").resolve("vm-100-2024\\x2d01\\x2d01T00\\x3a00\\x3a00Z"));
    assertThat(s.manifestLockFile().getFileName().toString())
        .isEqualTo("vm-100-2024\\x2d01\\x2d01T00\\x3a00\\x3a00Z-.index.json.lck");
    assertThat(s.group().lockFile()).isEqualTo(runLocks.resolve("a:b").resolve("vm-100"));
    try (LockGuard held = s.lock()) {
      Datastore again = Datastore.open(store.base(), runLocks);
      assertThatThrownBy(
              () ->
                  again
                      .snapshot(
                          BackupNamespace.of("a", "b"),
                          BackupType.VM,
                          "100",
                          "2024-01-01T00:00:00Z")
                      .destroy(false))
          .isInstanceOf(LockedException.class);
      // the default lock tree is a different tree: it does not see this lock
      try (LockGuard other = older.lock()) {
        assertThat(other.lockFile()).startsWith(store.base().resolve(".jpbs/locks"));
      }
    }
  }
}
