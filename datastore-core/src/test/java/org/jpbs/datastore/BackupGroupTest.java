package org.jpbs.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupGroupTest {
  @TempDir Path tmp;
  Datastore store;

  @BeforeEach
  void setUp() throws IOException {
    store = TestStores.create(tmp);
  }

  @Test
  void owner_createNew_secondWriteFailsUnlessForced() throws IOException {
    BackupGroup g = TestStores.group(store, BackupNamespace.root(), BackupType.HOST, "elsa");
    assertThat(g.owner()).isEqualTo(TestStores.OWNER);
    assertThat(Files.readString(g.ownerPath())).isEqualTo("root@pam\n");
    assertThatThrownBy(() -> g.setOwner("backup@pbs", false))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(g.owner()).isEqualTo("root@pam");
    g.setOwner("backup@pbs!token1", true);
    assertThat(Files.readString(g.ownerPath())).isEqualTo("backup@pbs!token1\n");
    assertThat(g.create("other@pam")).isEqualTo("backup@pbs!token1");
  }

  @Test
  void owner_firstLineTrailingWhitespaceTrimmed() throws IOException {
    BackupGroup g = TestStores.group(store, BackupNamespace.root(), BackupType.HOST, "elsa");
    Files.write(
        g.ownerPath(), "user@pve!tok  \t\r\nsecond line\n".getBytes(StandardCharsets.UTF_8));
    assertThat(g.owner()).isEqualTo("user@pve!tok");
  }

  @Test
  void setOwner_invalidAuthId_rejected() throws IOException {
    BackupGroup g = TestStores.group(store, BackupNamespace.root(), BackupType.HOST, "elsa");
    for (String bad : List.of("", "root", "root@pam\nevil@pam", "a b@pam", "x@pam!", "x@.realm")) {
      assertThatThrownBy(() -> g.setOwner(bad, true)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(g.owner()).isEqualTo("root@pam");
  }

  @Test
  void createLocked_invalidOwner_createsNothing_removeIfEmptyLocked_keepsAGroupWithASnapshot()
      throws IOException {
    BackupGroup g = store.group(BackupNamespace.root(), BackupType.VM, "7");
    try (org.jpbs.datastore.lock.LockGuard held = g.lock()) {
      assertThatThrownBy(() -> g.createLocked(held, "bad owner"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(g.exists()).isFalse();
      assertThat(g.createLocked(held, "alice@pbs")).isEqualTo("alice@pbs");
      g.snapshot(1_700_000_000L).create();
      assertThat(g.removeIfEmptyLocked(held)).isFalse();
      assertThat(g.exists()).isTrue();
      Files.delete(g.snapshot(1_700_000_000L).fullPath());
      assertThat(g.removeIfEmptyLocked(held)).isTrue();
      assertThat(g.exists()).isFalse();
    }
    try (org.jpbs.datastore.lock.LockGuard other =
        store.group(BackupNamespace.root(), BackupType.VM, "8").lock()) {
      assertThatThrownBy(() -> g.removeIfEmptyLocked(other))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void create_missingNamespace_fails() {
    BackupGroup g = store.group(BackupNamespace.of("nope"), BackupType.VM, "1");
    assertThatThrownBy(() -> g.create("root@pam"))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThat(g.exists()).isFalse();
  }

  @Test
  void pbsOrder_typeThenNumericThenBytewise() {
    BackupNamespace r = BackupNamespace.root();
    List<BackupGroup> groups =
        new ArrayList<>(
            List.of(
                store.group(r, BackupType.VM, "b"), store.group(r, BackupType.VM, "10"),
                store.group(r, BackupType.VM, "9"), store.group(r, BackupType.VM, "B"),
                store.group(r, BackupType.HOST, "zz"), store.group(r, BackupType.CT, "200"),
                store.group(r, BackupType.VM, "18446744073709551615"),
                    store.group(r, BackupType.VM, "18446744073709551616")));
    groups.sort(BackupGroup.PBS_ORDER);
    assertThat(groups)
        .extracting(BackupGroup::toString)
        .containsExactly(
            "ct/200",
            "host/zz",
            "vm/9",
            "vm/10",
            "vm/18446744073709551615",
            "vm/18446744073709551616",
            "vm/B",
            "vm/b");
  }

  @Test
  void destroy_removesUnprotectedKeepsProtectedAndGroup() throws IOException {
    BackupGroup g = TestStores.group(store, BackupNamespace.root(), BackupType.VM, "100");
    TestStores.snapshot(g, "2024-01-01T00:00:00Z", true, false);
    BackupDir p = TestStores.snapshot(g, "2024-01-02T00:00:00Z", true, true);
    TestStores.snapshot(g, "2024-01-03T00:00:00Z", false, false);
    BackupGroup.DestroyStats stats = g.destroy();
    assertThat(stats).isEqualTo(new BackupGroup.DestroyStats(2, 1, false));
    assertThat(TestStores.snapshotFiles(g)).containsOnlyKeys(p.backupTimeString());
    assertThat(g.owner()).isEqualTo("root@pam");
  }

  @Test
  void destroy_allRemovable_removesNotesOwnerDirAndLockFile() throws IOException {
    BackupGroup g = TestStores.group(store, BackupNamespace.of("a"), BackupType.VM, "100");
    Files.writeString(g.notesPath(), "notes");
    TestStores.snapshot(g, "2024-01-01T00:00:00Z", true, false);
    assertThat(g.destroy()).isEqualTo(new BackupGroup.DestroyStats(1, 0, true));
    assertThat(g.exists()).isFalse();
    assertThat(g.lockFile()).doesNotExist();
    assertThat(g.fullPath().getParent()).exists();
  }
}
