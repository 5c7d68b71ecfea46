package org.jpbs.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Datastore#createNamespace(BackupNamespace, String)} and {@link Datastore#removeNamespace}.
 */
class NamespaceLifecycleTest {
  private static final String T1 = "2024-05-01T10:00:00Z";
  private static final String T2 = "2024-05-02T10:00:00Z";

  @TempDir Path tmp;

  @Test
  void create_childOfExistingParent_createsNsLayout() throws Exception {
    Datastore store = TestStores.create(tmp);

    BackupNamespace a = store.createNamespace(BackupNamespace.root(), "a");
    BackupNamespace ab = store.createNamespace(a, "b");

    assertThat(ab).isEqualTo(BackupNamespace.of("a", "b"));
    assertThat(store.base().resolve("ns/a/ns/b")).isDirectory();
    assertThat(store.listNamespaces(BackupNamespace.root(), 7))
        .containsExactly(BackupNamespace.root(), a, ab);
    assertThat(store.createNamespace(a, "b")).isEqualTo(ab); // existing: kept, no error
  }

  @Test
  void create_missingParent_refusedAndNothingCreated() throws Exception {
    Datastore store = TestStores.create(tmp);

    assertThatThrownBy(() -> store.createNamespace(BackupNamespace.of("x"), "y"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("parent namespace 'x'");
    assertThat(store.base().resolve("ns")).doesNotExist();
  }

  @Test
  void create_invalidOrTooDeep_rejectedBeforeTouchingTheFilesystem() throws Exception {
    Datastore store = TestStores.create(tmp);
    BackupNamespace seven = BackupNamespace.of("1", "2", "3", "4", "5", "6", "7");

    // the parent does not exist either: the name check must come first
    assertThatThrownBy(() -> store.createNamespace(BackupNamespace.of("nope"), "a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid namespace component");
    assertThatThrownBy(() -> store.createNamespace(seven, "8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deeper than 7");
    assertThatThrownBy(() -> store.createNamespace(BackupNamespace.root(), ".."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.base().resolve("ns")).doesNotExist();
  }

  @Test
  void remove_root_rejected() throws Exception {
    Datastore store = TestStores.create(tmp);

    assertThatThrownBy(() -> store.removeNamespace(BackupNamespace.root(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("root namespace");
    assertThat(store.base().resolve(Datastore.CHUNKS_DIR)).isDirectory();
  }

  @Test
  void remove_missing_noSuchFile() throws Exception {
    Datastore store = TestStores.create(tmp);

    assertThatThrownBy(() -> store.removeNamespace(BackupNamespace.of("ghost"), false))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("ghost");
  }

  @Test
  void remove_emptySubtree_removesEveryLevel() throws Exception {
    Datastore store = TestStores.create(tmp);
    BackupNamespace a = store.createNamespace(BackupNamespace.root(), "a");
    store.createNamespace(store.createNamespace(a, "b"), "c");
    store.createNamespace(BackupNamespace.root(), "other");

    NamespaceRemoval r = store.removeNamespace(a, false);

    assertThat(r.removedAll()).isTrue();
    assertThat(r.removedNamespaces())
        .containsExactly(BackupNamespace.of("a", "b", "c"), BackupNamespace.of("a", "b"), a);
    assertThat(store.base().resolve("ns/a")).doesNotExist();
    assertThat(store.base().resolve("ns/other")).isDirectory();
  }

  @Test
  void remove_withGroups_withoutDeleteGroups_refusedUntouched() throws Exception {
    Datastore store = TestStores.create(tmp);
    BackupNamespace ab = BackupNamespace.of("a", "b");
    BackupGroup g = TestStores.group(store, ab, BackupType.VM, "100");
    BackupDir d = TestStores.snapshot(g, T1, true, false);

    assertThatThrownBy(() -> store.removeNamespace(BackupNamespace.of("a"), false))
        .isInstanceOf(NamespaceNotEmptyException.class)
        .hasMessageContaining("not empty")
        .hasMessageContaining("ns/a/ns/b/vm/100");
    assertThat(d.exists()).isTrue();
    assertThat(store.namespaceExists(ab)).isTrue();
  }

  @Test
  void remove_deleteGroups_removesThroughListeners_keepsProtected() throws Exception {
    Datastore store = TestStores.create(tmp);
    BackupNamespace a = BackupNamespace.of("a");
    BackupNamespace ab = BackupNamespace.of("a", "b");
    BackupGroup web = TestStores.group(store, a, BackupType.HOST, "web");
    BackupDir w1 = TestStores.snapshot(web, T1, true, false);
    BackupGroup vm = TestStores.group(store, ab, BackupType.VM, "100");
    BackupDir v1 = TestStores.snapshot(vm, T1, true, false);
    BackupDir v2 = TestStores.snapshot(vm, T2, true, true);
    List<String> seen = new ArrayList<>();

    NamespaceRemoval r;
    try (Datastore.Registration reg =
        store.addRemovalListener(
            (snap, idx) -> {
              assertThat(snap.fullPath()).isDirectory();
              seen.add(snap.relativePath());
            })) {
      r = store.removeNamespace(a, true);
    }

    assertThat(seen).containsExactlyInAnyOrder(w1.relativePath(), v1.relativePath());
    assertThat(r.removedAll()).isFalse();
    assertThat(r.removedSnapshots()).isEqualTo(2);
    assertThat(r.removedGroups()).isEqualTo(1);
    assertThat(r.keptProtected()).containsExactly(v2);
    assertThat(r.remainingNamespaces()).containsExactly(ab, a);
    assertThat(v2.exists()).isTrue();
    assertThat(v1.exists()).isFalse();
    assertThat(web.exists()).isFalse();
  }

  @Test
  void remove_deleteGroups_allUnprotected_removesTypeDirsAndNamespaces() throws Exception {
    Datastore store = TestStores.create(tmp);
    BackupNamespace a = BackupNamespace.of("a");
    TestStores.snapshot(TestStores.group(store, a, BackupType.HOST, "web"), T1, true, false);
    TestStores.snapshot(
        TestStores.group(store, BackupNamespace.of("a", "b"), BackupType.CT, "1"),
        T1,
        false,
        false);

    NamespaceRemoval r = store.removeNamespace(a, true);

    assertThat(r.removedAll()).isTrue();
    assertThat(r.removedGroups()).isEqualTo(2);
    assertThat(r.removedSnapshots()).isEqualTo(2);
    assertThat(store.base().resolve("ns/a")).doesNotExist();
    assertThat(store.base().resolve("ns")).isDirectory();
  }

  @Test
  void remove_deleteGroups_lockedSnapshot_reportedAndKept_othersRemoved() throws Exception {
    Datastore store = TestStores.create(tmp);
    BackupNamespace a = BackupNamespace.of("a");
    BackupDir busy =
        TestStores.snapshot(TestStores.group(store, a, BackupType.VM, "1"), T1, true, false);
    BackupDir free =
        TestStores.snapshot(TestStores.group(store, a, BackupType.VM, "2"), T1, true, false);

    NamespaceRemoval r;
    try (LockGuard reader = busy.lockShared()) {
      r = store.removeNamespace(a, true);
    }

    assertThat(r.removedAll()).isFalse();
    assertThat(r.firstFailure()).get().isInstanceOf(LockedException.class);
    assertThat(r.failures()).singleElement().asString().contains("ns/a/vm/1");
    assertThat(busy.exists()).isTrue();
    assertThat(free.exists()).isFalse();
    assertThat(Files.isDirectory(store.namespacePath(a))).isTrue();
  }
}
