package org.jpbs.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of name is rejected before it can reach the filesystem. */
class NameSafetyTest {
  private static final String LONG = "x".repeat(256);

  @TempDir Path tmp;
  Datastore store;
  BackupGroup group;
  BackupDir snap;
  List<Path> before;

  @BeforeEach
  void setUp() throws IOException {
    store = TestStores.create(tmp);
    group = TestStores.group(store, BackupNamespace.root(), BackupType.VM, "100");
    snap = TestStores.snapshot(group, "2024-01-01T00:00:00Z", true, false);
    before = tree();
  }

  private List<Path> tree() throws IOException {
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.sorted().toList();
    }
  }

  private void assertUntouched() throws IOException {
    assertThat(tree()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "a/b", "/abs", "a\0b", "", ".x", "a b", "x\n"})
  void namespaceComponent_unsafe_rejected(String bad) throws IOException {
    assertThatThrownBy(() -> store.namespacePath(BackupNamespace.of("ok", bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace component");
    assertUntouched();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"..", ".", "../etc", "a/b", "/abs", "a\0b", "", ".hidden", "-1", "a b", "1\n"})
  void backupId_unsafe_rejected(String bad) throws IOException {
    assertThatThrownBy(() -> store.group(BackupNamespace.root(), BackupType.VM, bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid backup id");
    assertUntouched();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "VM", "vm/", "vm\0", "", "lxc", "vm "})
  void backupType_unknown_rejected(String bad) throws IOException {
    assertThatThrownBy(() -> BackupType.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid backup type");
    assertUntouched();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        "2024-01-01T00:00:00",
        "2024-01-01 00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-02-30T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T00:00:60Z",
        "../2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00Z/..",
        "2024-01-01T00:00:00+01:00",
        "2024-01-01T00:00:00Z\n"
      })
  void snapshotTime_invalid_rejected(String bad) throws IOException {
    assertThatThrownBy(() -> group.snapshot(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid backup time");
    assertUntouched();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x.blob",
        "a/b.fidx",
        "/etc/x.didx",
        "x\0.blob",
        "x.txt",
        "x.fidx.tmp",
        "index.json",
        ".",
        "..",
        "x.blob\n"
      })
  void archiveName_unsafe_rejected(String bad) throws IOException {
    assertThatThrownBy(() -> snap.archivePath(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid archive name");
    assertUntouched();
  }

  @Test
  void overlongNames_rejected() throws IOException {
    assertThatThrownBy(() -> store.group(BackupNamespace.root(), BackupType.VM, LONG))
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> snap.archivePath(LONG + ".blob")).hasMessageContaining("too long");
    assertThatThrownBy(() -> BackupNamespace.of(LONG)).isInstanceOf(IllegalArgumentException.class);
    assertUntouched();
  }

  @ParameterizedTest
  @ValueSource(strings = {"100", "a.b-c_d", "_x", "9.9"})
  void validNames_stayInsideTheirParent(String id) {
    BackupGroup g = store.group(BackupNamespace.of("n1"), BackupType.CT, id);
    assertThat(g.fullPath().normalize()).isEqualTo(g.fullPath());
    assertThat(g.fullPath().getParent().getParent()).isEqualTo(store.base().resolve("ns/n1"));
    assertThat(g.snapshot(1).archivePath("x.blob").getParent()).isEqualTo(g.snapshot(1).fullPath());
  }
}
