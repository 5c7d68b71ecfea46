package org.jpbs.datastore.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.TestStores;
import org.jpbs.testkit.LockHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks held by another JVM exclude this one, and die with that JVM (no stale lock). */
class CrossProcessLockIT {
  @TempDir Path tmp;
  LockHolder child;

  @AfterEach
  void killChild() throws InterruptedException {
    if (child != null) {
      child.close();
    }
  }

  /** Starts the testkit's lock holder with {@link DatastoreLockTaker}; returns its lock file. */
  private Path startHolder(String... args) throws IOException {
    child = LockHolder.with(DatastoreLockTaker.class, args);
    assertThat(child.line()).as("child output").startsWith("LOCKED ");
    return Path.of(child.detail());
  }

  private void kill() throws InterruptedException {
    assertThat(child.kill()).isTrue();
  }

  @Test
  void groupLock_heldByChildJvm_parentFails_thenFreeAfterKill() throws Exception {
    Datastore store = Datastore.create(tmp.resolve("store"));
    BackupGroup group = store.group(BackupNamespace.root(), BackupType.VM, "100");
    assertThat(startHolder(store.base().toString(), "group", "100")).isEqualTo(group.lockFile());

    assertThatThrownBy(group::lock)
        .isInstanceOf(LockedException.class)
        .hasMessageContaining("backup group vm/100")
        .hasMessageContaining("locked by another operation");
    assertThatThrownBy(() -> group.lock(Duration.ofMillis(200)))
        .isInstanceOf(LockedException.class);

    kill();
    // the lock file is left behind, but the flock died with the process
    assertThat(group.lockFile()).exists();
    try (LockGuard mine = group.lock(Duration.ofSeconds(30))) {
      assertThat(mine.isHeld()).isTrue();
    }
  }

  @Test
  void groupDestroy_groupLockedByChildJvm_failsAndGroupKept() throws Exception {
    Datastore store = Datastore.create(tmp.resolve("store2"));
    BackupGroup group = TestStores.group(store, BackupNamespace.root(), BackupType.VM, "7");
    startHolder(store.base().toString(), "group", "7");
    assertThatThrownBy(group::destroy).isInstanceOf(LockedException.class);
    assertThat(group.exists()).isTrue();
    kill();
    assertThat(group.destroy().groupRemoved()).isTrue();
  }

  @Test
  void forget_readerInChildJvmHoldsSharedLock_failsCleanly_thenSucceedsAfterKill()
      throws Exception {
    Datastore store = Datastore.create(tmp.resolve("store3"));
    BackupGroup group = TestStores.group(store, BackupNamespace.root(), BackupType.VM, "9");
    BackupDir snap = TestStores.snapshot(group, "2024-05-01T10:00:00Z", true, false);
    TestStores.snapshot(group, "2024-05-02T10:00:00Z", true, false);
    Map<String, List<String>> before = TestStores.snapshotFiles(group);
    startHolder(store.base().toString(), "snapshot-shared", "9", "2024-05-01T10:00:00Z");

    assertThatThrownBy(() -> snap.destroy(false))
        .isInstanceOf(LockedException.class)
        .hasMessageContaining("snapshot vm/9/2024-05-01T10:00:00Z");
    try (LockGuard alsoShared = snap.lockShared()) {
      assertThat(alsoShared.mode()).isEqualTo(LockMode.SHARED);
    }
    assertThat(TestStores.snapshotFiles(group)).isEqualTo(before);

    kill();
    snap.destroy(false);
    assertThat(snap.exists()).isFalse();
    assertThat(group.listSnapshots()).hasSize(1);
  }
}
