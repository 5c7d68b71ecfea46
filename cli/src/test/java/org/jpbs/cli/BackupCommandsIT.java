package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup, restore and verify through the real jar, on one datastore shared by the ordered tests
 * (each JVM start and store creation costs about a second on a busy machine).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupCommandsIT {
  static final long T1 = 1_700_000_000L;
  static final String SNAP2 = "vm/100/2023-11-14T22:15:00Z";

  @TempDir static Path tmp;
  static Path ds;
  static Path image;
  static Path conf;
  static Path stream;
  static Path victim;

  @BeforeAll
  static void data() throws Exception {
    ds = tmp.resolve("ds");
    assertThat(JpbsJar.run("init", ds.toString(), "--no-atime-check").exitCode()).isZero();
    Random r = new Random(7);
    byte[] img = new byte[9 * 1024 * 1024 + 12345]; // 3 fixed chunks, the last short
    r.nextBytes(img);
    java.util.Arrays.fill(img, 4 << 20, 5 << 20, (byte) 0);
    image = Files.write(tmp.resolve("disk.raw"), img);
    conf = Files.writeString(tmp.resolve("vm.conf"), "memory: 2048\ncores: 2\n");
    byte[] s = new byte[3 * 1024 * 1024];
    r.nextBytes(s);
    stream = Files.write(tmp.resolve("stream.bin"), s);
  }

  private static Result backup(long time, String... extra) throws Exception {
    String[] args = Stream.concat(
        Stream.of("backup", ds.toString(), "vm/100", "disk.img:" + image, "vm.conf:" + conf, "data.pxar:-",
            "--chunk-size", "256", "--time", Long.toString(time), "--json", "--no-progress"),
        Stream.of(extra)).toArray(String[]::new);
    return JpbsJar.runRedirected(stream, null, args);
  }

  @Test
  @Order(1)
  void backup_filesAndStdin_json_reportsArchivesAndNewChunks() throws Exception {
    JsonNode j = DatastoreCommandsIT.json(backup(T1));

    assertThat(j.get("snapshot").asText()).isEqualTo("vm/100/2023-11-14T22:13:20Z");
    assertThat(j.get("base").isNull()).isTrue();
    assertThat(j.get("archives")).extracting(a -> a.get("filename").asText())
        .containsExactly("disk.img.fidx", "vm.conf.blob", "data.pxar.didx");
    JsonNode img = j.get("archives").get(0);
    assertThat(img.get("type").asText()).isEqualTo("fixed");
    assertThat(img.get("size").asLong()).isEqualTo(Files.size(image));
    assertThat(img.get("chunks").asInt()).isEqualTo(3);
    JsonNode dyn = j.get("archives").get(2);
    assertThat(dyn.get("type").asText()).isEqualTo("dynamic");
    assertThat(dyn.get("size").asLong()).isEqualTo(Files.size(stream));
    assertThat(dyn.get("chunks").asInt()).as("256 KiB average over 3 MiB").isGreaterThan(3);
    assertThat(j.get("new-chunks").asLong()).isEqualTo(j.get("chunks").asLong());
    assertThat(j.get("known-chunks").asLong()).isZero();
    assertThat(j.get("upload-stats").get("count").asLong()).isEqualTo(j.get("chunks").asLong());
    assertThat(ds.resolve("vm/100/2023-11-14T22:13:20Z/index.json.blob")).isRegularFile();
  }

  @Test
  @Order(2)
  void backup_again_incremental_noNewChunks() throws Exception {
    JsonNode j = DatastoreCommandsIT.json(backup(T1 + 100));

    assertThat(j.get("snapshot").asText()).isEqualTo(SNAP2);
    assertThat(j.get("base").asText()).isEqualTo("vm/100/2023-11-14T22:13:20Z");
    assertThat(j.get("new-chunks").asLong()).isZero();
    assertThat(j.get("duplicate-chunks").asLong()).isZero();
    assertThat(j.get("known-chunks").asLong()).isEqualTo(j.get("chunks").asLong()).isPositive();
    assertThat(j.get("upload-stats").get("count").asLong()).isZero();
  }

  @Test
  @Order(3)
  void backup_timeNotAfterLast_exit1_noSnapshotLeft() throws Exception {
    Result r = backup(T1 + 50);

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).contains("is not after the last backup").contains("hint:");
    assertThat(ds.resolve("vm/100/2023-11-14T22:14:10Z")).doesNotExist();
  }

  @Test
  @Order(4)
  void restore_fileAndStdout_byteIdentical() throws Exception {
    Path target = tmp.resolve("restored.img");
    Result toFile = JpbsJar.run("restore", ds.toString(), SNAP2, "disk.img", target.toString(), "--json");
    Path out = tmp.resolve("stdout.bin");
    Result toStdout = JpbsJar.runRedirected(null, out, "restore", ds.toString(), SNAP2, "data.pxar.didx",
        "--progress=plain");
    Path confOut = tmp.resolve("conf.out");
    Result blob = JpbsJar.runRedirected(null, confOut, "restore", ds.toString(), SNAP2, "vm.conf");

    JsonNode j = DatastoreCommandsIT.json(toFile);
    assertThat(j.get("archive").asText()).isEqualTo("disk.img.fidx");
    assertThat(j.get("size").asLong()).isEqualTo(Files.size(image));
    assertThat(Files.mismatch(target, image)).isEqualTo(-1);
    assertThat(toStdout.exitCode()).as(toStdout.stderr()).isZero();
    assertThat(Files.mismatch(out, stream)).isEqualTo(-1);
    assertThat(toStdout.stderr()).contains("restore data.pxar.didx: done").contains("all verified");
    assertThat(blob.exitCode()).as(blob.stderr()).isZero();
    assertThat(Files.mismatch(confOut, conf)).isEqualTo(-1);
  }

  @Test
  @Order(5)
  void restore_existingTargetOrUnknownArchive_failsWithoutWriting() throws Exception {
    Result exists = JpbsJar.run("restore", ds.toString(), SNAP2, "disk.img", image.toString());
    Result unknown = JpbsJar.run("restore", ds.toString(), SNAP2, "nope.img", tmp.resolve("x").toString());

    assertThat(exists.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(exists.stderrLines()).hasSize(1);
    assertThat(exists.stderrLines().get(0)).startsWith("jpbs: ").contains(image.toString()).contains("already exists");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(unknown.stderr()).contains("has no archive 'nope.img'").contains("disk.img.fidx");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  @Order(6)
  void verify_ok_thenFlippedByte_exit4_chunkRenamedBad() throws Exception {
    JsonNode ok = DatastoreCommandsIT.json(JpbsJar.run("verify", ds.toString(), "--json", "--threads", "2"));
    assertThat(ok.get("ok").asBoolean()).isTrue();
    assertThat(ok.get("verified").asLong()).isEqualTo(2);
    assertThat(ok.get("snapshots")).allMatch(s -> s.get("status").asText().equals("ok"));
    assertThat(ok.get("chunks").asLong()).isPositive();

    try (CliTestStore s = CliTestStore.open(ds)) {
      ChunkDigest d = s.referencedOnDisk().iterator().next();
      victim = s.store.chunkPath(d);
    }
    byte[] raw = Files.readAllBytes(victim);
    raw[raw.length / 2] ^= 0x01;
    Files.write(victim, raw);

    Result bad = JpbsJar.run("verify", ds.toString(), "--json", "--no-progress");
    assertThat(bad.exitCode()).as(bad.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
    JsonNode j = DatastoreCommandsIT.JSON.readTree(bad.stdout());
    assertThat(j.get("ok").asBoolean()).isFalse();
    assertThat(j.get("failed").asLong()).isEqualTo(2);
    assertThat(j.get("corrupt").asLong()).isPositive();
    assertThat(bad.stderr()).contains("verification failed").contains("1 corrupt chunk was renamed to <digest>.N.bad");
    assertThat(victim).doesNotExist();
    assertThat(victim.resolveSibling(victim.getFileName() + ".0.bad")).isRegularFile();

    Result human = JpbsJar.run("verify", ds.toString(), SNAP2, "--no-progress");
    assertThat(human.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(human.stdout()).contains(SNAP2).contains("failed").contains("verify FAILED");
  }

  @Test
  @Order(7)
  void restore_existingTargetBeforeAnythingIsRead_usageError() throws Exception {
    Result r = JpbsJar.run("restore", tmp.resolve("no-such-store").toString(), SNAP2, "disk.img", conf.toString());

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderrLines()).hasSize(1);
    assertThat(r.stderrLines().get(0)).contains(conf.toString()).contains("already exists");
    assertThat(conf).hasContent("memory: 2048\ncores: 2\n");
  }

  @Test
  @Order(8)
  void verify_missingChunk_summaryDoesNotClaimARename() throws Exception {
    Result r = JpbsJar.run("verify", ds.toString(), "--no-progress"); // the chunk was renamed by order 6

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(r.stderr()).contains("is missing").contains("verification failed").contains("no chunk was renamed")
        .doesNotContain("renamed to");
  }

  @Test
  @Order(9)
  void restore_afterVerifyQuarantinedAChunk_exit4NamingTheBadCopy() throws Exception {
    Path bad = victim.resolveSibling(victim.getFileName() + ".0.bad");
    Result img = JpbsJar.run("restore", ds.toString(), SNAP2, "disk.img", tmp.resolve("q.img").toString(),
        "--no-progress");
    Result pxar = JpbsJar.run("restore", ds.toString(), SNAP2, "data.pxar", tmp.resolve("q.pxar").toString(),
        "--no-progress");

    assertThat(List.of(img, pxar)).anySatisfy(r -> {
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
      assertThat(r.stderrLines().get(0)).startsWith("jpbs: chunk " + victim.getFileName() + " of ")
          .contains("is missing; verify quarantined a corrupt copy as " + bad);
      assertThat(r.stderrLines().get(1)).startsWith("hint: ");
    });
    assertThat(List.of(img, pxar)).allSatisfy(r -> assertThat(r.exitCode()).isIn(0, ExitCodes.CORRUPT_DATA));
    assertThat(tmp.resolve(img.exitCode() == 0 ? "q.pxar" : "q.img")).doesNotExist();
  }

  @Test
  @Order(10)
  void restore_toStdoutOnATerminal_refusedWithHint() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
    String cmd = String.join(" ", Stream.of(JpbsJar.javaBinary(), "-XX:TieredStopAtLevel=1", "-jar",
        JpbsJar.jar().toString(), "restore", ds.toString(), SNAP2, "vm.conf").map(a -> "'" + a + "'").toList());

    // script(1) runs the command with stdin, stdout and stderr on a new pseudo-terminal
    Result r = JpbsJar.exec(List.of("/usr/bin/script", "-qec", cmd, "/dev/null"), Map.of(), null);

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stdout()).contains("jpbs: refusing to write archive data to a terminal")
        .contains("hint: redirect stdout to a file or pipe, or give TARGET").doesNotContain("memory: 2048");
  }

  @Test
  @Order(12)
  void restore_fixedImageOfZeros_sparseFile_byteIdentical() throws Exception {
    Path src = tmp.resolve("zeros.raw");
    byte[] img = new byte[6 * 4 * 1024 * 1024 - 4096]; // 6 fixed 4 MiB chunks, the last short and all zero
    byte[] data = new byte[1 << 20];
    new Random(8).nextBytes(data);
    System.arraycopy(data, 0, img, 4 << 20, data.length); // only chunk 1 carries data
    Files.write(src, img);
    Result b = JpbsJar.run("backup", ds.toString(), "vm/200", "disk.img:" + src, "--time", Long.toString(T1),
        "--no-progress");
    assertThat(b.exitCode()).as(b.stderr()).isZero();
    Path target = tmp.resolve("zeros.restored");

    Result r = JpbsJar.run("restore", ds.toString(), "vm/200/2023-11-14T22:13:20Z", "disk.img", target.toString());

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(Files.size(target)).isEqualTo(img.length);
    assertThat(Files.mismatch(target, src)).isEqualTo(-1);
    assertThat(allocatedBytes(target)).as("allocated of %s bytes", img.length).isLessThanOrEqualTo(5L << 20);
    Files.delete(src);
    Files.delete(target);
  }

  @Test
  @Order(13)
  void restore_garbageManifest_damagedNotAVersionProblem() throws Exception {
    Result b = JpbsJar.run("backup", ds.toString(), "vm/300", "vm.conf:" + conf, "--time", Long.toString(T1),
        "--no-progress");
    assertThat(b.exitCode()).as(b.stderr()).isZero();
    Path manifest = ds.resolve("vm/300/2023-11-14T22:13:20Z/index.json.blob");
    Files.writeString(manifest, "garbage written over the manifest");

    Result r = JpbsJar.run("restore", ds.toString(), "vm/300/2023-11-14T22:13:20Z", "vm.conf",
        tmp.resolve("g.conf").toString());

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(r.stderrLines().get(0)).contains(manifest.toString()).contains("DataBlob magic");
    assertThat(r.stderrLines().get(1)).contains("damaged").doesNotContain("version");
    assertThat(tmp.resolve("g.conf")).doesNotExist();
  }

  @Test
  @Order(14)
  void restore_intoClosedPipe_quietExit141() throws Exception {
    // a blob (one write) and a fixed index (chunk by chunk) of archives order 6 left intact
    for (String[] a : List.of(new String[] {"vm/100/2023-11-14T22:13:20Z", "vm.conf"},
        new String[] {"vm/200/2023-11-14T22:13:20Z", "disk.img"})) {
      Path err = tmp.resolve("pipe.err");
      Process p = new ProcessBuilder(JpbsJar.javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
          JpbsJar.jar().toString(), "restore", ds.toString(), a[0], a[1], "--progress=plain")
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectError(err.toFile())
          .start();
      p.getInputStream().close(); // the reader goes away before the first write

      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String stderr = Files.readString(err);
      assertThat(p.exitValue()).as(stderr).isEqualTo(ExitCodes.BROKEN_PIPE);
      assertThat(stderr).doesNotContain("jpbs:").doesNotContainIgnoringCase("broken pipe").doesNotContain("restored");
    }
  }

  /** Bytes the file system allocated for {@code p} ({@code stat -c '%b %B'}). */
  static long allocatedBytes(Path p) throws Exception {
    Result r = JpbsJar.exec(List.of("stat", "-c", "%b %B", p.toString()), Map.of(), null);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String[] f = r.stdout().trim().split(" ");
    return Long.parseLong(f[0]) * Long.parseLong(f[1]);
  }
}
