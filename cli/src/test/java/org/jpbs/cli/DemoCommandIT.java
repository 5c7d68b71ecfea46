package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.cli.demo.DemoCommand;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jpbs demo} through the real jar: the JSON document, the refusal of any directory or
 * datastore the demo did not create (nothing touched), and the GC invariant on the result. The
 * store lives where the demo puts its own temporary one (tmpfs when available: 65536 chunk
 * directories).
 */
class DemoCommandIT {
  private Path dir;

  @BeforeEach
  void createDir() throws Exception {
    dir = Files.createTempDirectory(DemoCommand.tempParent(), "jpbs-demo-it-");
  }

  @AfterEach
  void deleteDir() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  @Test
  void demo_json_exit0_removesPrunedChunks_everythingVerified_invariantHolds() throws Exception {
    Path ds = dir.resolve("store");
    JsonNode j =
        DatastoreCommandsIT.json(JpbsJar.run("demo", ds.toString(), "--json", "--no-progress"));

    assertThat(j.get("ok").asBoolean()).isTrue();
    assertThat(j.get("kept").asBoolean()).isTrue();
    assertThat(j.get("backups")).hasSize(DemoCommand.ROUNDS);
    assertThat(j.get("backups").get(0).get("base").isNull()).isTrue();
    for (int i = 1; i < DemoCommand.ROUNDS; i++) {
      JsonNode b = j.get("backups").get(i);
      assertThat(b.get("known-chunks").asLong()).as("backup %d is incremental", i).isPositive();
      assertThat(b.get("new-chunks").asLong()).isLessThan(b.get("chunks").asLong() / 2);
    }
    assertThat(j.get("prune"))
        .extracting(p -> p.get("status").asText())
        .containsExactly("removed", "removed", "removed", "kept", "kept");
    assertThat(j.get("snapshots").asInt()).isEqualTo(DemoCommand.KEEP_LAST);
    assertThat(j.get("removed-chunks").asLong())
        .isPositive()
        .isEqualTo(j.get("gc").get("removed-chunks").asLong());
    assertThat(j.get("gc").get("missing-chunks").asLong()).isZero();
    assertThat(j.get("verify").get("ok").asBoolean()).isTrue();
    assertThat(j.get("verify").get("verified").asLong()).isEqualTo(DemoCommand.KEEP_LAST);
    assertThat(j.get("restore-identical").asBoolean()).isTrue();
    assertThat(j.get("dedup-factor").asDouble()).isGreaterThan(1.5);
    try (TestDatastore s = TestDatastore.open(ds)) {
      assertThat(s.chunksOnDisk()).hasSize((int) j.get("gc").get("disk-chunks").asLong());
      s.assertEveryReferencedChunkExists();
    }
    assertThat(ds.resolve(DemoCommand.MARKER)).isRegularFile();

    JsonNode again =
        DatastoreCommandsIT.json(
            JpbsInProcess.run("demo", ds.toString(), "--json", "--no-progress"));

    assertThat(again.get("ok").asBoolean())
        .as("the demo runs again on a store it created")
        .isTrue();
    assertThat(again.get("snapshots").asInt()).isEqualTo(DemoCommand.KEEP_LAST);
    try (TestDatastore s = TestDatastore.open(ds)) {
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void demo_realDatastoreWithOnlyVm100_refusedExit2_nothingTouched() throws Exception {
    Path ds = dir.resolve("store");
    assertThat(JpbsInProcess.run("init", ds.toString(), "--json").exitCode()).isZero();
    byte[] data = new byte[3 << 20];
    new java.util.SplittableRandom(7).nextBytes(data);
    Path image = Files.write(dir.resolve("disk.raw"), data);
    for (long time : new long[] {1_700_000_000L, 1_700_003_600L, 1_700_007_200L}) {
      data[(int) (time % data.length)] ^= 1;
      Files.write(image, data);
      Result b =
          JpbsInProcess.run(
              "backup",
              ds.toString(),
              "vm/100",
              "disk.img:" + image,
              "--time",
              Long.toString(time),
              "--no-progress");
      assertThat(b.exitCode()).as(b.stderr()).isZero();
    }
    Map<String, List<Object>> before = tree(ds);

    Result r = JpbsInProcess.run("demo", ds.toString(), "--no-progress");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr().lines().toList()).hasSize(2);
    assertThat(r.stderr().lines().toList().get(0))
        .isEqualTo(
            "jpbs: "
                + ds
                + " is a datastore the demo did not create (no .jpbs/demo-datastore);"
                + " refusing to touch it");
    assertThat(r.stderr().lines().toList().get(1)).startsWith("hint: ");
    assertThat(r.stdout()).isEmpty();
    assertThat(tree(ds))
        .as("every file, its size, mtime and atime; every directory and its mtime")
        .isEqualTo(before);
    try (TestDatastore s = TestDatastore.open(ds)) {
      assertThat(s.datastore.group(BackupNamespace.root(), BackupType.VM, "100").listSnapshots())
          .hasSize(3);
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void demo_regularFileAsDir_refusedExit2_untouched() throws Exception {
    Path f = Files.writeString(dir.resolve("precious.txt"), "keep me");

    Result r = JpbsInProcess.run("demo", f.toString(), "--no-progress");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr().lines().toList().get(0)).isEqualTo("jpbs: " + f + " is not a directory");
    assertThat(Files.readString(f)).isEqualTo("keep me");
  }

  /**
   * Path relative to {@code root} -> [type, size, mtime, atime of files]; directories without atime
   * (a walk reads them).
   */
  private static Map<String, List<Object>> tree(Path root) throws Exception {
    Map<String, List<Object>> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        out.put(
            root.relativize(p).toString(),
            a.isDirectory()
                ? List.<Object>of("dir", a.lastModifiedTime())
                : List.<Object>of("file", a.size(), a.lastModifiedTime(), a.lastAccessTime()));
      }
    }
    return out;
  }

  @Test
  void demo_nonEmptyForeignDir_refused_untouched() throws Exception {
    Path f = Files.writeString(dir.resolve("precious.txt"), "keep me");

    Result r = JpbsInProcess.run("demo", dir.toString(), "--no-progress");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("is not empty and not a jpbs datastore").contains("hint:");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).containsExactly(f);
    }
  }

  @Test
  void demoOnS3WithoutAnEndpoint_isOneUsageLine_nothingCreated() throws Exception {
    Path target = dir.resolve("new");
    Result r =
        JpbsJar.exec(
            List.of(
                JpbsJar.javaBinary(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                JpbsJar.jar().toString(),
                "demo",
                "--s3",
                target.toString(),
                "--no-progress"),
            Map.of("JPBS_S3_ENDPOINT", ""),
            null);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr().lines().toList().get(0))
        .isEqualTo("jpbs: demo --s3: no S3 endpoint configured (JPBS_S3_ENDPOINT is not set)");
    assertThat(r.stderr()).contains("scripts/ceph-rgw");
    assertThat(target).doesNotExist();
  }
}
