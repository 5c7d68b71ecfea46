package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.FixedIndexReader;
import org.jpbs.testkit.Mount;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 2, the disaster-recovery case: a datastore read through a read-only bind mount
 * (root: {@code mount --bind SRC DST && mount -o remount,bind,ro DST}; skipped when mount is not
 * permitted). Reading commands succeed without creating anything, {@code verify} only reports, and
 * every write command fails with one line naming the store, exit 5, nothing changed. The store has
 * no jpbs lock tree and no {@code .jpbs-chunk-locks}, as a copy of a PBS store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadOnlyDatastoreIT {
  static final long T1 = 1_700_000_000L;
  static final String SNAP1 = "vm/100/2023-11-14T22:13:20Z";
  static final String SNAP2 = "vm/100/2023-11-14T22:15:00Z";
  static final String NOTE = "note: read-only datastore: nothing renamed or recorded";

  @TempDir static Path tmp;
  static Path src;
  static Path ro;
  static Path image;
  static Path stream;
  static Mount mount;
  static Map<String, String> before;

  @BeforeAll
  static void storeOnReadOnlyMount() throws Exception {
    src = tmp.resolve("ds");
    assertThat(JpbsInProcess.run("init", src.toString(), "--no-atime-check").exitCode()).isZero();
    Random r = new Random(13);
    byte[] img = new byte[(5 << 20) + 777];
    r.nextBytes(img);
    image = Files.write(tmp.resolve("disk.raw"), img);
    byte[] s = new byte[1 << 20];
    r.nextBytes(s);
    stream = Files.write(tmp.resolve("stream.bin"), s);
    Path conf = Files.writeString(tmp.resolve("vm.conf"), "memory: 2048\n");
    for (long t : new long[] {T1, T1 + 100}) {
      Result b =
          JpbsJar.runRedirected(
              stream,
              null,
              "backup",
              src.toString(),
              "vm/100",
              "disk.img:" + image,
              "vm.conf:" + conf,
              "data.pxar:-",
              "--time",
              Long.toString(t),
              "--no-progress");
      assertThat(b.exitCode()).as(b.stderr()).isZero();
    }
    deleteTree(src.resolve(".jpbs/locks"));
    Files.delete(src.resolve(".jpbs-chunk-locks"));
    ro = tmp.resolve("ro");
    mount = Mount.readOnlyBind(src, ro);
    before = fingerprint(src);
  }

  @AfterAll
  static void unmountAndCheckInvariant() throws Exception {
    if (mount == null) {
      return;
    }
    mount.close();
    try (TestDatastore s = TestDatastore.open(src)) {
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  @Order(1)
  void list_readOnly_showsSnapshots() throws Exception {
    Result r = JpbsInProcess.run("list", ro.toString(), "--json");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains(SNAP1).contains(SNAP2);
    assertUnchanged();
  }

  @Test
  @Order(2)
  void restore_readOnly_byteIdentical() throws Exception {
    Path img = tmp.resolve("restored.img");
    Result toFile =
        JpbsInProcess.run(
            "restore", ro.toString(), SNAP2, "disk.img", img.toString(), "--no-progress");
    Path out = tmp.resolve("restored.pxar");
    Result toStdout =
        JpbsJar.runRedirected(
            null, out, "restore", ro.toString(), SNAP1, "data.pxar", "--no-progress");

    assertThat(toFile.exitCode()).as(toFile.stderr()).isZero();
    assertThat(Files.mismatch(img, image)).isEqualTo(-1);
    assertThat(toStdout.exitCode()).as(toStdout.stderr()).isZero();
    assertThat(Files.mismatch(out, stream)).isEqualTo(-1);
    assertUnchanged();
  }

  @Test
  @Order(3)
  void inspect_readOnly_ok() throws Exception {
    Result r = JpbsInProcess.run("inspect", ro.resolve(SNAP1).resolve("disk.img.fidx").toString());

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("csum-ok: true");
  }

  @Test
  @Order(4)
  void verify_readOnly_reportsOk_saysNothingRecorded() throws Exception {
    Result human = JpbsInProcess.run("verify", ro.toString(), "--no-progress");
    Result json = JpbsInProcess.run("verify", ro.toString(), "--json", "--no-progress");

    assertThat(human.exitCode()).as(human.stderr()).isZero();
    assertThat(human.stdout()).contains("verify OK").contains(NOTE);
    JsonNode j = DatastoreCommandsIT.json(json);
    assertThat(j.get("ok").asBoolean()).isTrue();
    assertThat(j.get("verified").asLong()).isEqualTo(2);
    assertThat(j.get("read-only").asBoolean()).isTrue();
    assertThat(j.get("snapshots")).allMatch(s -> !s.get("manifest-updated").asBoolean());
    assertThat(json.stderr()).contains(NOTE);
    assertUnchanged();
  }

  @Test
  @Order(5)
  void gcStatus_readOnly_ok() throws Exception {
    Result r = JpbsInProcess.run("gc", "status", ro.toString());

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertUnchanged();
  }

  @Test
  @Order(6)
  void pruneDryRun_readOnly_ok() throws Exception {
    Result r = JpbsInProcess.run("prune", ro.toString(), "--keep-last", "1", "--dry-run");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains(SNAP1);
    assertUnchanged();
  }

  @Test
  @Order(7)
  void gcDryRun_readOnly_ok() throws Exception {
    Result r = JpbsInProcess.run("gc", ro.toString(), "--dry-run", "--no-progress");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertUnchanged();
  }

  @Test
  @Order(7)
  void gcAndPruneDryRun_readOnlyStore_stateDirElsewhere_ok() throws Exception {
    Path state = tmp.resolve("state");
    Result gc =
        JpbsInProcess.run(
            "gc",
            ro.toString(),
            "--dry-run",
            "--no-progress",
            "--state-dir",
            state.toString(),
            "--json");
    Result prune =
        JpbsInProcess.run(
            "prune",
            ro.toString(),
            "--keep-last",
            "1",
            "--dry-run",
            "--state-dir",
            state.toString());

    JsonNode j = DatastoreCommandsIT.json(gc);
    assertThat(j.get("dry-run").asBoolean()).isTrue();
    assertThat(j.get("index-file-count").asLong()).isEqualTo(4);
    assertThat(prune.exitCode()).as(prune.stderr()).isZero();
    assertThat(prune.stdout()).contains("would remove " + SNAP1);
    assertUnchanged();
  }

  @Test
  @Order(8)
  void writeCommands_readOnly_oneLineExit5_nothingChanged() throws Exception {
    String[][] writes = {
      {
        "backup",
        ro.toString(),
        "vm/100",
        "disk.img:" + image,
        "--time",
        Long.toString(T1 + 200),
        "--no-progress"
      },
      {"forget", ro.toString(), SNAP1},
      {"prune", ro.toString(), "--keep-last", "1"},
      {"gc", ro.toString(), "--no-progress"},
      {"protect", ro.toString(), SNAP1},
      {"unprotect", ro.toString(), SNAP1},
    };
    for (String[] args : writes) {
      Result r = JpbsInProcess.run(args);
      assertThat(r.exitCode()).as("%s: %s", args[0], r.stderr()).isEqualTo(ExitCodes.IO_ERROR);
      assertThat(r.stderrLines())
          .as(args[0])
          .containsExactly(
              "jpbs: datastore "
                  + ro
                  + " is on a read-only filesystem: "
                  + args[0]
                  + " needs write access; nothing was changed");
      assertThat(r.stdout()).as(args[0]).isEmpty();
      assertUnchanged();
    }
    Result init = JpbsInProcess.run("init", ro.resolve("new").toString(), "--no-atime-check");
    assertThat(init.exitCode()).as(init.stderr()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(init.stderrLines())
        .singleElement()
        .asString()
        .contains(ro.resolve("new").toString())
        .contains("read-only filesystem");
    assertUnchanged();
  }

  @Test
  @Order(9)
  void verify_readOnlyCorruptChunk_exit4_chunkNotRenamed() throws Exception {
    ChunkDigest d;
    try (FixedIndexReader idx =
        FixedIndexReader.open(src.resolve(SNAP1).resolve("disk.img.fidx"))) {
      d = idx.digest(0);
    }
    Path victim = src.resolve(".chunks").resolve(d.toHex().substring(0, 4)).resolve(d.toHex());
    byte[] good = Files.readAllBytes(victim);
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 0x01;
    Files.write(victim, bad); // through the writable mount
    before = fingerprint(src);
    try {
      Result human = JpbsInProcess.run("verify", ro.toString(), "--no-progress");
      Result json = JpbsInProcess.run("verify", ro.toString(), "--json", "--no-progress");

      assertThat(human.exitCode()).as(human.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
      assertThat(human.stdout()).contains("verify FAILED").contains(NOTE);
      assertThat(human.stderr())
          .contains("not renamed (read-only datastore)")
          .contains("verification failed")
          .contains("read-only datastore: nothing renamed or recorded")
          .doesNotContain("were renamed");
      assertThat(json.exitCode()).as(json.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
      JsonNode j = DatastoreCommandsIT.JSON.readTree(json.stdout());
      assertThat(j.get("ok").asBoolean()).isFalse();
      assertThat(j.get("corrupt").asLong()).isPositive();
      assertThat(j.get("read-only").asBoolean()).isTrue();
      assertThat(victim).isRegularFile();
      assertThat(victim.resolveSibling(victim.getFileName() + ".0.bad")).doesNotExist();
      assertUnchanged();
    } finally {
      Files.write(victim, good);
    }
  }

  /** Nothing below the store was created, removed, resized or modified. */
  private static void assertUnchanged() throws IOException {
    assertThat(fingerprint(src)).isEqualTo(before);
  }

  /** Path → type, size and mtime of everything below {@code dir} (atime is not compared). */
  private static Map<String, String> fingerprint(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        out.put(
            dir.relativize(p).toString(),
            (a.isDirectory() ? "d " : "f ") + a.size() + " " + a.lastModifiedTime().toMillis());
      }
    }
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
