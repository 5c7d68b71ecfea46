package org.jpbs.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HierarchyListingTest {
  @TempDir Path tmp;
  Datastore store;

  @BeforeEach
  void setUp() throws IOException {
    store = TestStores.create(tmp);
  }

  /** Readdir order of the child namespaces of {@code ns}, as the kernel returns it. */
  private List<String> readdir(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  /** Expected PBS order computed independently: root, then recursive pre-order by readdir. */
  private void expectedOrder(BackupNamespace ns, int depthLeft, List<BackupNamespace> out)
      throws IOException {
    out.add(ns);
    Path nsDir = store.namespacePath(ns).resolve("ns");
    if (depthLeft == 0 || !Files.isDirectory(nsDir)) {
      return;
    }
    for (String name : readdir(nsDir)) {
      if (Files.isDirectory(nsDir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        expectedOrder(ns.child(name), depthLeft - 1, out);
      }
    }
  }

  @Test
  void namespaces_rootFirstThenPreOrderInReaddirOrder() throws IOException {
    for (String ns : List.of("a", "a/x", "a/x/deep", "b", "c", "c/y", "a/z", "b/q/r")) {
      store.createNamespace(BackupNamespace.parse(ns));
    }
    Files.createFile(store.base().resolve("ns/not-a-dir"));
    Files.createSymbolicLink(store.base().resolve("ns/link"), store.base().resolve("ns/a"));
    List<BackupNamespace> expected = new ArrayList<>();
    expectedOrder(BackupNamespace.root(), 7, expected);
    List<BackupNamespace> actual = store.listNamespaces(BackupNamespace.root(), 7);
    assertThat(actual).isEqualTo(expected).hasSize(10);
    assertThat(actual.get(0)).isEqualTo(BackupNamespace.root());
    assertThat(actual).doesNotContain(BackupNamespace.of("link"), BackupNamespace.of("not-a-dir"));
    // pre-order: every namespace comes after its parent and before the parent's next sibling
    int ia = actual.indexOf(BackupNamespace.of("a"));
    assertThat(actual.subList(ia, ia + 4))
        .containsExactlyInAnyOrder(
            BackupNamespace.parse("a"),
            BackupNamespace.parse("a/x"),
            BackupNamespace.parse("a/x/deep"),
            BackupNamespace.parse("a/z"));
  }

  @Test
  void namespaces_maxDepthLimitsBelowAnchor() throws IOException {
    store.createNamespace(BackupNamespace.parse("1/2/3/4/5/6/7"));
    assertThat(store.listNamespaces(BackupNamespace.root(), 0))
        .containsExactly(BackupNamespace.root());
    assertThat(store.listNamespaces(BackupNamespace.root(), 2))
        .containsExactly(
            BackupNamespace.root(), BackupNamespace.parse("1"), BackupNamespace.parse("1/2"));
    assertThat(store.listNamespaces(BackupNamespace.root(), 7)).hasSize(8);
    assertThat(store.listNamespaces(BackupNamespace.parse("1/2/3/4/5"), 7))
        .containsExactly(
            BackupNamespace.parse("1/2/3/4/5"),
            BackupNamespace.parse("1/2/3/4/5/6"),
            BackupNamespace.parse("1/2/3/4/5/6/7"));
    assertThatThrownBy(() -> store.iterateNamespaces(BackupNamespace.root(), 8))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namespaces_eighthLevelOnDisk_notVisited() throws IOException {
    Path deep = store.namespacePath(BackupNamespace.parse("1/2/3/4/5/6/7")).resolve("ns/8");
    Files.createDirectories(deep);
    assertThat(store.listNamespaces(BackupNamespace.root(), 7)).hasSize(8);
  }

  @Test
  void namespaces_invalidChildName_isErrorItemAndIterationContinues() throws IOException {
    store.createNamespace(BackupNamespace.parse("good"));
    store.createNamespace(BackupNamespace.parse("good2"));
    Files.createDirectories(store.base().resolve("ns/.hidden"));
    Files.createDirectories(store.base().resolve("ns/with space"));
    List<Listed<BackupNamespace>> items = new ArrayList<>();
    store.iterateNamespaces(BackupNamespace.root(), 7).forEachRemaining(items::add);
    assertThat(items).hasSize(5);
    assertThat(items.stream().filter(Listed::isError))
        .hasSize(2)
        .allSatisfy(
            e ->
                assertThat(e.error().orElseThrow()).isInstanceOf(InvalidBackupNameException.class));
    assertThat(items.stream().filter(l -> !l.isError()).map(l -> l.toString())).hasSize(3);
    assertThatThrownBy(() -> store.listNamespaces(BackupNamespace.root(), 7))
        .isInstanceOf(InvalidBackupNameException.class)
        .hasMessageContaining("ns/");
  }

  @Test
  void groups_typeDirsThenIds_skippingInvalidAndNonDirectories() throws IOException {
    BackupNamespace r = BackupNamespace.root();
    TestStores.group(store, r, BackupType.VM, "100");
    TestStores.group(store, r, BackupType.VM, "101");
    TestStores.group(store, r, BackupType.CT, "200");
    TestStores.group(store, r, BackupType.HOST, "elsa");
    Files.createDirectories(store.base().resolve("vm/.bad"));
    Files.createDirectories(store.base().resolve("vm/with space"));
    Files.createFile(store.base().resolve("vm/102"));
    Files.createSymbolicLink(store.base().resolve("vm/103"), store.base().resolve("vm/100"));
    Files.createDirectories(store.base().resolve("VM/1"));
    Files.createDirectories(store.base().resolve("lost+found"));
    List<BackupGroup> groups = store.listGroups(r);
    List<String> expected = new ArrayList<>();
    for (String t : readdir(store.base())) {
      BackupType.fromDirName(t)
          .ifPresent(
              type -> {
                try {
                  for (String id : readdir(store.base().resolve(t))) {
                    if (id.matches("[A-Za-z0-9_][A-Za-z0-9._\\-]*")
                        && Files.isDirectory(
                            store.base().resolve(t).resolve(id),
                            java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                      expected.add(t + "/" + id);
                    }
                  }
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
    assertThat(groups)
        .extracting(BackupGroup::toString)
        .isEqualTo(expected)
        .containsExactlyInAnyOrder("vm/100", "vm/101", "ct/200", "host/elsa");
  }

  @Test
  void groups_missingNamespace_throws() {
    assertThatThrownBy(() -> store.iterateGroups(BackupNamespace.of("missing")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void snapshots_directoriesMatchingTimeRegex_withCapturedFilesAndFlags() throws IOException {
    BackupGroup g = TestStores.group(store, BackupNamespace.root(), BackupType.VM, "100");
    BackupDir fin = TestStores.snapshot(g, "2024-01-01T00:00:00Z", true, false);
    BackupDir unf = TestStores.snapshot(g, "2024-01-02T00:00:00Z", false, true);
    Files.createFile(fin.fullPath().resolve("drive-scsi1.img.tmp_fidx"));
    Files.createFile(fin.fullPath().resolve("index.json.tmp_abcdef"));
    Files.createFile(fin.fullPath().resolve("notes.txt"));
    Files.createDirectory(fin.fullPath().resolve("dir.fidx"));
    Files.createSymbolicLink(
        fin.fullPath().resolve("link.didx"), fin.archivePath("root.pxar.didx"));
    Files.createDirectories(g.fullPath().resolve("not-a-time"));
    Files.createFile(g.fullPath().resolve("2024-01-03T00:00:00Z"));
    Files.createSymbolicLink(g.fullPath().resolve("2024-01-04T00:00:00Z"), fin.fullPath());
    List<SnapshotInfo> list = g.listSnapshots();
    assertThat(list)
        .extracting(s -> s.dir().backupTimeString())
        .containsExactlyInAnyOrder("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z");
    SnapshotInfo f = list.stream().filter(s -> s.dir().equals(fin)).findFirst().orElseThrow();
    assertThat(f.files())
        .containsExactlyInAnyOrder(
            "drive-scsi0.img.fidx", "root.pxar.didx", "qemu-server.conf.blob", "index.json.blob");
    assertThat(f.isFinished()).isTrue();
    assertThat(f.isProtected()).isFalse();
    assertThat(f.indexFiles())
        .containsExactlyInAnyOrder(
            fin.archivePath("drive-scsi0.img.fidx"), fin.archivePath("root.pxar.didx"));
    SnapshotInfo u = list.stream().filter(s -> s.dir().equals(unf)).findFirst().orElseThrow();
    assertThat(u.isFinished()).isFalse();
    assertThat(u.isProtected()).isTrue();
    assertThat(u.files()).doesNotContain(".protected");
  }

  @Test
  void snapshots_regexMatchButInvalidDate_isTypedError() throws IOException {
    BackupGroup g = TestStores.group(store, BackupNamespace.root(), BackupType.VM, "100");
    Files.createDirectories(g.fullPath().resolve("2024-02-30T00:00:00Z"));
    assertThatThrownBy(g::listSnapshots)
        .isInstanceOf(InvalidBackupNameException.class)
        .hasMessageContaining("2024-02-30T00:00:00Z");
  }

  @Test
  void snapshots_missingGroup_throwsNoSuchFile() {
    BackupGroup g = store.group(BackupNamespace.root(), BackupType.VM, "100");
    assertThatThrownBy(g::listSnapshots).isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void iterator_exhausted_throwsNoSuchElement() throws IOException {
    Iterator<Listed<BackupGroup>> it = store.iterateGroups(BackupNamespace.root());
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
  }

  @Test
  void open_missingOrFileChunks_clearError() throws IOException {
    Path base = tmp.resolve("plain");
    Files.createDirectories(base);
    assertThatThrownBy(() -> Datastore.open(base))
        .isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining(".chunks");
    Files.createFile(base.resolve(".chunks"));
    assertThatThrownBy(() -> Datastore.open(base))
        .isInstanceOf(java.nio.file.FileSystemException.class)
        .hasMessageContaining("not a directory");
    assertThatThrownBy(() -> Datastore.open(tmp.resolve("absent")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThat(Datastore.open(store.base()).base()).isEqualTo(store.base());
    assertThat(store.lockDir()).isEqualTo(store.base().resolve(".jpbs/locks"));
  }
}
