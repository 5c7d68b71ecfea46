package org.jpbs.datastore.move;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.TestStores;
import org.jpbs.datastore.backend.MetadataBackend;
import org.jpbs.datastore.journal.MoveJournal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object steps of a group move on a datastore with a remote metadata copy (S3's order, spec
 * pbs-s3 §7.3), against an in-memory copy that logs every request and fails the ones asked: the
 * copy mirrors the cache, the manifest is copied last and deleted first, a failed copy leaves the
 * snapshot whole at the source with nothing at the target, failed deletes only warn, and objects of
 * {@code vm/1000} or of snapshot names the cache does not know are never touched.
 */
class GroupMoveRemoteTest {
  static final BackupNamespace A = GroupMoveTest.A;
  static final BackupNamespace B = GroupMoveTest.B;
  static final String T2 = GroupMoveTest.T2;
  static final String T3 = GroupMoveTest.T3;
  static final String T9 = "2024-01-09T00:00:00Z"; // a snapshot the cache does not know

  /** An in-memory metadata copy; {@code fail} sees {@code "<op> <relPath>"}. */
  static final class Memory implements MetadataBackend {
    final Map<String, byte[]> objects = new TreeMap<>();
    final List<String> log = new ArrayList<>();
    Predicate<String> fail = r -> false;

    private synchronized void request(String op, String rel) throws IOException {
      log.add(op + " " + rel);
      if (fail.test(op + " " + rel)) {
        throw new IOException("injected failure of " + op + " " + rel);
      }
    }

    @Override
    public boolean isRemote() {
      return true;
    }

    @Override
    public synchronized void put(String relPath, byte[] data) throws IOException {
      request("put", relPath);
      objects.put(relPath, data.clone());
    }

    @Override
    public synchronized void putIfAbsent(String relPath, byte[] data) throws IOException {
      request("put", relPath);
      objects.putIfAbsent(relPath, data.clone());
    }

    @Override
    public void putFile(String relPath, Path file) throws IOException {
      put(relPath, Files.readAllBytes(file));
    }

    @Override
    public synchronized void delete(String relPath) throws IOException {
      request("delete", relPath);
      objects.remove(relPath);
    }

    @Override
    public synchronized void deleteAll(List<String> relPaths) throws IOException {
      IOException first = null;
      for (String rel : relPaths) {
        try {
          delete(rel);
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }

    @Override
    public synchronized List<String> list(String relDir) throws IOException {
      MetadataBackend.requireDirPrefix(relDir);
      request("list", relDir);
      return objects.keySet().stream()
          .filter(k -> k.startsWith(relDir))
          .map(k -> k.substring(relDir.length()))
          .toList();
    }

    @Override
    public synchronized boolean copy(String from, String to) throws IOException {
      request("copy", from);
      byte[] b = objects.get(from);
      if (b != null) {
        objects.put(to, b.clone());
      }
      return b != null;
    }

    @Override
    public void deleteTree(String relDir) throws IOException {
      deleteAll(list(relDir).stream().map(n -> relDir + n).toList());
    }

    /** The objects besides the namespace markers (which have no local file). */
    Map<String, byte[]> files() {
      Map<String, byte[]> out = new TreeMap<>(objects);
      out.keySet().removeIf(k -> k.endsWith("/.namespace"));
      return out;
    }

    Map<String, byte[]> under(String prefix) {
      Map<String, byte[]> out = new TreeMap<>();
      objects.forEach(
          (k, v) -> {
            if (k.startsWith(prefix)) {
              out.put(k, v);
            }
          });
      return out;
    }
  }

  @TempDir Path tmp;
  Memory memory = new Memory();
  Datastore store;
  BackupGroup source;

  @BeforeEach
  void setUp() throws IOException {
    Datastore local = TestStores.create(tmp);
    store = Datastore.open(local.base(), local.lockDir(), memory);
    store.createNamespace(B);
    source = TestStores.group(store, A, BackupType.VM, "100");
    TestStores.snapshot(source, T2, true, false);
    TestStores.snapshot(source, T3, true, false);
    TestStores.snapshot(TestStores.group(store, A, BackupType.VM, "1000"), T2, true, false);
    Files.writeString(source.notesPath(), "notes");
    mirror();
  }

  /** Puts every metadata file of the cache into the memory copy, as backups would have. */
  private void mirror() throws IOException {
    for (Map.Entry<String, byte[]> e : cacheFiles().entrySet()) {
      memory.objects.put(e.getKey(), e.getValue());
    }
    memory.log.clear();
  }

  private Map<String, byte[]> cacheFiles() throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    Path base = store.base();
    try (Stream<Path> files = Files.walk(base.resolve("ns"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(base.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private GroupMoveResult move() {
    return GroupMove.run(source, B, true, false, MoveJournal.of(store));
  }

  private static void assertSameObjects(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((k, v) -> assertThat(Arrays.equals(v, actual.get(k))).as(k).isTrue());
  }

  @Test
  void theCopyMirrorsTheCacheWithTheManifestCopiedLastAndDeletedFirst() throws IOException {
    Map<String, byte[]> neighbour = memory.under("ns/a/vm/1000/");
    memory.objects.put("ns/b/vm/100/" + T2 + "/stale.blob", new byte[1]); // an interrupted move's
    memory.objects.put("ns/a/vm/100/" + T9 + "/unknown.blob", new byte[1]); // the cache lacks T9

    GroupMoveResult r = move();

    assertThat(r.failure()).isNull();
    assertThat(r.warnings()).isEmpty();
    Map<String, byte[]> expected = cacheFiles();
    expected.put("ns/a/vm/100/" + T9 + "/unknown.blob", new byte[1]);
    assertSameObjects(expected, memory.files());
    assertSameObjects(neighbour, memory.under("ns/a/vm/1000/"));
    assertThat(memory.objects).containsKey("ns/b/vm/100/notes").containsKey("ns/b/.namespace");
    for (String t : List.of(T2, T3)) {
      String src = "ns/a/vm/100/" + t + "/";
      List<String> copies = memory.log.stream().filter(l -> l.startsWith("copy " + src)).toList();
      assertThat(copies).hasSize(4).last().isEqualTo("copy " + src + "index.json.blob");
      assertThat(memory.log.stream().filter(l -> l.startsWith("delete " + src)).findFirst())
          .contains("delete " + src + "index.json.blob");
    }
    assertThat(memory.log).noneMatch(l -> l.contains("vm/1000"));
  }

  @Test
  void aFailedCopyLeavesTheSnapshotWholeAtTheSourceAndNothingAtTheTarget() throws IOException {
    Map<String, byte[]> t3 = memory.under("ns/a/vm/100/" + T3 + "/");
    memory.fail = r -> r.equals("copy ns/a/vm/100/" + T3 + "/qemu-server.conf.blob");

    GroupMoveResult r = move();

    assertThat(r.failure())
        .hasMessageStartingWith("cannot copy the objects of snapshot a:vm/100/" + T3)
        .hasMessageContaining("injected failure of copy ns/a/vm/100/" + T3 + "/qemu-server.conf")
        .hasMessageNotContaining("\n");
    assertThat(r.moved()).containsExactly(T2);
    assertThat(r.remaining()).containsExactly(T3);
    assertThat(r.warnings()).isEmpty();
    assertSameObjects(t3, memory.under("ns/a/vm/100/" + T3 + "/"));
    assertThat(memory.under("ns/b/vm/100/" + T3)).isEmpty();
    assertThat(source.snapshot(T3).exists()).isTrue();
    assertSameObjects(cacheFiles(), memory.files());
  }

  @Test
  void failedDeletesOnlyWarnAndLeaveAWholeCopyAtTheSource() throws IOException {
    Map<String, byte[]> t2 = memory.under("ns/a/vm/100/" + T2 + "/");
    memory.fail = r -> r.startsWith("delete ns/a/vm/100/" + T2 + "/");

    GroupMoveResult r = move();

    assertThat(r.failure()).isNull();
    assertThat(r.moved()).containsExactly(T2, T3);
    assertThat(r.warnings())
        .hasSize(2)
        .allMatch(w -> w.contains("left under ns/a/vm/100/") && !w.contains("\n"));
    assertSameObjects(t2, memory.under("ns/a/vm/100/" + T2 + "/")); // manifest included
    BackupDir moved = store.group(B, BackupType.VM, "100").snapshot(T2);
    assertThat(moved.exists()).isTrue();
    assertThat(memory.under("ns/b/vm/100/" + T2 + "/")).hasSameSizeAs(t2);
    assertThat(memory.under("ns/a/vm/100/" + T3 + "/")).isEmpty();
  }
}
