package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.FixedIndexReader;
import org.jpbs.testkit.datastore.TestDatastore;
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
    assertThat(JpbsInProcess.run("init", ds.toString(), "--no-atime-check").exitCode()).isZero();
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
    String[] args =
        Stream.concat(
                Stream.of(
                    "backup",
                    ds.toString(),
                    "vm/100",
                    "disk.img:" + image,
                    "vm.conf:" + conf,
                    "data.pxar:-",
                    "--chunk-size",
                    "256",
                    "--time",
                    Long.toString(time),
                    "--json",
                    "--no-progress"),
                Stream.of(extra))
            .toArray(String[]::new);
    return JpbsJar.runRedirected(stream, null, args);
  }

  @Test
  @Order(1)
  void backup_filesAndStdin_json_reportsArchivesAndNewChunks() throws Exception {
    long before = Instant.now().getEpochSecond();
    JsonNode j = DatastoreCommandsIT.json(backup(T1));
    long after = Instant.now().getEpochSecond();

    assertThat(j.get("snapshot").asText()).isEqualTo("vm/100/2023-11-14T22:13:20Z");
    assertThat(j.get("base").isNull()).isTrue();
    assertThat(j.get("archives"))
        .extracting(a -> a.get("filename").asText())
        .containsExactly("disk.img.fidx", "vm.conf.blob", "data.pxar.didx");
    JsonNode img = j.get("archives").get(0);
    assertThat(img.get("type").asText()).isEqualTo("fixed");
    assertThat(img.get("size").asLong()).isEqualTo(Files.size(image));
    assertThat(img.get("chunks").asInt())
        .as("--chunk-size 256 applies to images too")
        .isEqualTo(37);
    assertThat(img.get("repeated-chunks").asInt())
        .as("the 1 MiB of zeros: 4 equal chunks, stored once")
        .isEqualTo(3);
    try (FixedIndexReader f =
        FixedIndexReader.open(ds.resolve("vm/100/2023-11-14T22:13:20Z/disk.img.fidx"))) {
      assertThat(f.chunkSize()).isEqualTo(256 * 1024);
    }
    for (String index : List.of("disk.img.fidx", "data.pxar.didx")) {
      long ctime = headerCtime(ds.resolve("vm/100/2023-11-14T22:13:20Z").resolve(index));
      assertThat(ctime)
          .as("%s ctime: index creation time (PBS epoch now), not the backup time", index)
          .isBetween(before, after);
    }
    JsonNode dyn = j.get("archives").get(2);
    assertThat(dyn.get("type").asText()).isEqualTo("dynamic");
    assertThat(dyn.get("size").asLong()).isEqualTo(Files.size(stream));
    assertThat(dyn.get("chunks").asInt()).as("256 KiB average over 3 MiB").isGreaterThan(3);
    assertThat(j.get("new-chunks").asLong() + j.get("repeated-chunks").asLong())
        .isEqualTo(j.get("chunks").asLong());
    assertThat(j.get("repeated-chunks").asLong()).isEqualTo(3);
    assertThat(j.get("known-chunks").asLong()).isZero();
    assertThat(j.get("full-reason").asText()).isEqualTo("no previous snapshot");
    assertThat(j.get("upload-stats").get("count").asLong()).isEqualTo(j.get("new-chunks").asLong());
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
    Result sameSecond = backup(T1 + 100);

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).contains("is not after the last backup " + SNAP2).contains("hint:");
    assertThat(ds.resolve("vm/100/2023-11-14T22:14:10Z")).doesNotExist();
    // two backups of one group in the same second: the second is this rejection, not an I/O error
    assertThat(sameSecond.exitCode()).as(sameSecond.stderr()).isEqualTo(ExitCodes.FAILURE);
    assertThat(sameSecond.stderr().lines()).hasSize(2);
    assertThat(sameSecond.stderr())
        .startsWith("jpbs: backup time 2023-11-14T22:15:00Z is not after the last backup " + SNAP2)
        .contains("hint:")
        .contains("wait a second")
        .contains("--time");
  }

  @Test
  @Order(20)
  void backup_failedFirstBackups_leaveNoGroup_laterOwnerCanBackUp() throws Exception {
    Path missing = tmp.resolve("no-such-file");
    Result noSource =
        JpbsInProcess.run(
            "backup", ds.toString(), "vm/400", "disk.img:" + missing, "--no-progress");
    Result dirSource =
        JpbsInProcess.run("backup", ds.toString(), "vm/400", "root.pxar:" + tmp, "--no-progress");
    Result badOwner =
        JpbsInProcess.run(
            "backup", ds.toString(), "vm/400", "vm.conf:" + conf, "--owner", "bad owner");

    assertThat(noSource.exitCode()).as(noSource.stderr()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(noSource.stderr()).contains(missing.toString());
    assertThat(dirSource.exitCode()).as(dirSource.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(dirSource.stderr())
        .contains("root.pxar: " + tmp + " is a directory")
        .hasLineCount(1);
    assertThat(badOwner.exitCode()).isNotZero();
    assertThat(ds.resolve("vm/400")).as("no empty group left behind").doesNotExist();

    Result other =
        JpbsInProcess.run(
            "backup",
            ds.toString(),
            "vm/400",
            "vm.conf:" + conf,
            "--owner",
            "alice@pbs",
            "--no-progress");
    assertThat(other.exitCode()).as(other.stderr()).isZero();
    assertThat(Files.readString(ds.resolve("vm/400/owner"))).isEqualTo("alice@pbs\n");
  }

  @Test
  @Order(20)
  void backup_blobOver128MiB_usageError_nothingCreated() throws Exception {
    Path big = tmp.resolve("big.conf");
    try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(128L * 1024 * 1024 + 1); // sparse
    }
    Result r =
        JpbsInProcess.run("backup", ds.toString(), "vm/401", "big.conf:" + big, "--no-progress");
    Files.delete(big);

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains(big.toString()).contains("128 MiB").hasLineCount(1);
    assertThat(ds.resolve("vm/401")).doesNotExist();
  }

  @Test
  @Order(20)
  void backup_timeFarInFuture_refusedUnlessForced() throws Exception {
    long future = Instant.now().getEpochSecond() + 24 * 3600;
    Result refused =
        JpbsInProcess.run(
            "backup",
            ds.toString(),
            "vm/402",
            "vm.conf:" + conf,
            "--time",
            Long.toString(future),
            "--no-progress");
    Result soon =
        JpbsInProcess.run(
            "backup",
            ds.toString(),
            "vm/403",
            "vm.conf:" + conf,
            "--time",
            Long.toString(Instant.now().getEpochSecond() + 60),
            "--no-progress");
    Result forced =
        JpbsInProcess.run(
            "backup",
            ds.toString(),
            "vm/402",
            "vm.conf:" + conf,
            "--time",
            Long.toString(future),
            "--force-time",
            "--no-progress");

    assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.stderr()).contains("in the future").contains("--force-time").hasLineCount(1);
    assertThat(soon.exitCode())
        .as("a minute ahead (clock skew) is fine: " + soon.stderr())
        .isZero();
    assertThat(forced.exitCode()).as(forced.stderr()).isZero();
  }

  @Test
  @Order(20)
  void backup_ctrlC_saysWhatIsLeft_exit130_noGroup() throws Exception {
    List<String> cmd = new ArrayList<>(JpbsJar.DEFAULT_SIGINT);
    cmd.addAll(
        List.of(
            JpbsJar.javaBinary(),
            "-XX:+UseSerialGC",
            "-jar",
            JpbsJar.jar().toString(),
            "backup",
            ds.toString(),
            "vm/500",
            "data.pxar:-",
            "--chunk-size",
            "64",
            "--no-progress"));
    Path err = tmp.resolve("ctrl-c.err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try (OutputStream in = p.getOutputStream()) {
      byte[] data = new byte[8 << 20];
      new Random(3).nextBytes(data);
      in.write(data); // returns once the backup has read all but a pipe buffer of it
      in.flush();
      for (int i = 0; i < 200 && !ds.resolve("vm/500").toFile().isDirectory(); i++) {
        Thread.sleep(50);
      }
      assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor())
          .isZero();
      Thread.sleep(500); // the signal handler cancels the token; the next chunk sees it
      in.write(data, 0, 1 << 20);
    } catch (IOException closedPipe) {
      // the backup already stopped reading
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(stderr).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(stderr)
        .containsPattern(
            "jpbs: backup of vm/500 cancelled: no snapshot was created \\(and no group\\);"
                + " [1-9][0-9]* chunks already uploaded stay until GC removes them");
    assertThat(ds.resolve("vm/500")).doesNotExist();
  }

  /**
   * The ctime field of a .fidx/.didx header (offset 24, i64 LE; PBS's reader replaces it with now).
   */
  static long headerCtime(Path index) throws IOException {
    byte[] head = new byte[32];
    try (var in = Files.newInputStream(index)) {
      assertThat(in.readNBytes(head, 0, 32)).isEqualTo(32);
    }
    return ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong(24);
  }

  @Test
  @Order(4)
  void restore_fileAndStdout_byteIdentical() throws Exception {
    Path target = tmp.resolve("restored.img");
    Result toFile =
        JpbsInProcess.run("restore", ds.toString(), SNAP2, "disk.img", target.toString(), "--json");
    Path out = tmp.resolve("stdout.bin");
    Result toStdout =
        JpbsJar.runRedirected(
            null, out, "restore", ds.toString(), SNAP2, "data.pxar.didx", "--progress=plain");
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
    Result exists =
        JpbsInProcess.run("restore", ds.toString(), SNAP2, "disk.img", image.toString());
    Result unknown =
        JpbsInProcess.run("restore", ds.toString(), SNAP2, "nope.img", tmp.resolve("x").toString());

    assertThat(exists.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(exists.stderrLines()).hasSize(1);
    assertThat(exists.stderrLines().get(0))
        .startsWith("jpbs: ")
        .contains(image.toString())
        .contains("already exists");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(unknown.stderr()).contains("has no archive 'nope.img'").contains("disk.img.fidx");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  @Order(6)
  void verify_ok_thenFlippedByte_exit4_chunkRenamedBad() throws Exception {
    JsonNode ok =
        DatastoreCommandsIT.json(JpbsJar.run("verify", ds.toString(), "--json", "--threads", "2"));
    assertThat(ok.get("ok").asBoolean()).isTrue();
    assertThat(ok.get("verified").asLong()).isEqualTo(2);
    assertThat(ok.get("snapshots")).allMatch(s -> s.get("status").asText().equals("ok"));
    assertThat(ok.get("chunks").asLong()).isPositive();

    try (TestDatastore s = TestDatastore.open(ds)) {
      ChunkDigest d = s.referencedOnDisk().iterator().next();
      victim = s.store.chunkPath(d);
    }
    byte[] raw = Files.readAllBytes(victim);
    raw[raw.length / 2] ^= 0x01;
    Files.write(victim, raw);

    Result bad = JpbsInProcess.run("verify", ds.toString(), "--json", "--no-progress");
    assertThat(bad.exitCode()).as(bad.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
    JsonNode j = DatastoreCommandsIT.JSON.readTree(bad.stdout());
    assertThat(j.get("ok").asBoolean()).isFalse();
    assertThat(j.get("failed").asLong()).isEqualTo(2);
    assertThat(j.get("corrupt").asLong()).isPositive();
    assertThat(bad.stderr())
        .contains("verification failed")
        .contains("1 corrupt chunk was renamed to <digest>.N.bad");
    assertThat(victim).doesNotExist();
    assertThat(victim.resolveSibling(victim.getFileName() + ".0.bad")).isRegularFile();

    Result human = JpbsInProcess.run("verify", ds.toString(), SNAP2, "--no-progress");
    assertThat(human.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(human.stdout()).contains(SNAP2).contains("failed").contains("verify FAILED");
  }

  @Test
  @Order(7)
  void restore_existingTargetBeforeAnythingIsRead_usageError() throws Exception {
    Result r =
        JpbsInProcess.run(
            "restore", tmp.resolve("no-such-store").toString(), SNAP2, "disk.img", conf.toString());

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderrLines()).hasSize(1);
    assertThat(r.stderrLines().get(0)).contains(conf.toString()).contains("already exists");
    assertThat(conf).hasContent("memory: 2048\ncores: 2\n");
  }

  @Test
  @Order(21)
  void backup_afterFailedVerify_full_saysWhy() throws Exception {
    String[] args = {
      "backup",
      ds.toString(),
      "vm/100",
      "disk.img:" + image,
      "--chunk-size",
      "256",
      "--time",
      Long.toString(T1 + 200),
      "--no-progress"
    };
    Result r = JpbsInProcess.run(args);

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout())
        .contains("(full: previous snapshot 2023-11-14T22:15:00Z failed verification)");
  }

  @Test
  @Order(8)
  void verify_missingChunk_summaryDoesNotClaimARename() throws Exception {
    Result r =
        JpbsInProcess.run(
            "verify", ds.toString(), "--no-progress"); // the chunk was renamed by order 6

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(r.stderr())
        .contains("is missing")
        .contains("verification failed")
        .contains("no chunk was renamed")
        .doesNotContain("renamed to");
  }

  @Test
  @Order(9)
  void restore_afterVerifyQuarantinedAChunk_exit4NamingTheBadCopy() throws Exception {
    Path bad = victim.resolveSibling(victim.getFileName() + ".0.bad");
    Result img =
        JpbsInProcess.run(
            "restore",
            ds.toString(),
            SNAP2,
            "disk.img",
            tmp.resolve("q.img").toString(),
            "--no-progress");
    Result pxar =
        JpbsInProcess.run(
            "restore",
            ds.toString(),
            SNAP2,
            "data.pxar",
            tmp.resolve("q.pxar").toString(),
            "--no-progress");

    assertThat(List.of(img, pxar))
        .anySatisfy(
            r -> {
              assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
              assertThat(r.stderrLines().get(0))
                  .startsWith("jpbs: chunk " + victim.getFileName() + " of ")
                  .contains("is missing; verify quarantined a corrupt copy as " + bad);
              assertThat(r.stderrLines().get(1)).startsWith("hint: ");
            });
    assertThat(List.of(img, pxar))
        .allSatisfy(r -> assertThat(r.exitCode()).isIn(0, ExitCodes.CORRUPT_DATA));
    assertThat(tmp.resolve(img.exitCode() == 0 ? "q.pxar" : "q.img")).doesNotExist();
  }

  @Test
  @Order(10)
  void restore_toStdoutOnATerminal_refusedWithHint() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
    String cmd =
        String.join(
            " ",
            Stream.of(
                    JpbsJar.javaBinary(),
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    JpbsJar.jar().toString(),
                    "restore",
                    ds.toString(),
                    SNAP2,
                    "vm.conf")
                .map(a -> "'" + a + "'")
                .toList());

    // script(1) runs the command with stdin, stdout and stderr on a new pseudo-terminal
    Result r = JpbsJar.exec(List.of("/usr/bin/script", "-qec", cmd, "/dev/null"), Map.of(), null);

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stdout())
        .contains("jpbs: refusing to write archive data to a terminal")
        .contains("hint: redirect stdout to a file or pipe, or give TARGET")
        .doesNotContain("memory: 2048");
  }

  @Test
  @Order(12)
  void restore_fixedImageOfZeros_sparseFile_byteIdentical() throws Exception {
    Path src = tmp.resolve("zeros.raw");
    byte[] img =
        new byte[6 * 4 * 1024 * 1024 - 4096]; // 6 fixed 4 MiB chunks, the last short and all zero
    byte[] data = new byte[1 << 20];
    new Random(8).nextBytes(data);
    System.arraycopy(data, 0, img, 4 << 20, data.length); // only chunk 1 carries data
    Files.write(src, img);
    Result b =
        JpbsInProcess.run(
            "backup",
            ds.toString(),
            "vm/200",
            "disk.img:" + src,
            "--time",
            Long.toString(T1),
            "--no-progress");
    assertThat(b.exitCode()).as(b.stderr()).isZero();
    Path target = tmp.resolve("zeros.restored");

    Result r =
        JpbsInProcess.run(
            "restore", ds.toString(), "vm/200/2023-11-14T22:13:20Z", "disk.img", target.toString());

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(Files.size(target)).isEqualTo(img.length);
    assertThat(Files.mismatch(target, src)).isEqualTo(-1);
    assertThat(allocatedBytes(target))
        .as("allocated of %s bytes", img.length)
        .isLessThanOrEqualTo(5L << 20);
    Files.delete(src);
    Files.delete(target);
  }

  @Test
  @Order(13)
  void restore_garbageManifest_damagedNotAVersionProblem() throws Exception {
    Result b =
        JpbsInProcess.run(
            "backup",
            ds.toString(),
            "vm/300",
            "vm.conf:" + conf,
            "--time",
            Long.toString(T1),
            "--no-progress");
    assertThat(b.exitCode()).as(b.stderr()).isZero();
    Path manifest = ds.resolve("vm/300/2023-11-14T22:13:20Z/index.json.blob");
    Files.writeString(manifest, "garbage written over the manifest");

    Result r =
        JpbsInProcess.run(
            "restore",
            ds.toString(),
            "vm/300/2023-11-14T22:13:20Z",
            "vm.conf",
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
    for (String[] a :
        List.of(
            new String[] {"vm/100/2023-11-14T22:13:20Z", "vm.conf"},
            new String[] {"vm/200/2023-11-14T22:13:20Z", "disk.img"})) {
      Path err = tmp.resolve("pipe.err");
      Process p =
          new ProcessBuilder(
                  JpbsJar.javaBinary(),
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-jar",
                  JpbsJar.jar().toString(),
                  "restore",
                  ds.toString(),
                  a[0],
                  a[1],
                  "--progress=plain")
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectError(err.toFile())
              .start();
      p.getInputStream().close(); // the reader goes away before the first write

      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String stderr = Files.readString(err);
      assertThat(p.exitValue()).as(stderr).isEqualTo(ExitCodes.BROKEN_PIPE);
      assertThat(stderr)
          .doesNotContain("jpbs:")
          .doesNotContainIgnoringCase("broken pipe")
          .doesNotContain("restored");
    }
  }

  /** Bytes the file system allocated for {@code p} ({@code stat -c '%b %B'}). */
  static long allocatedBytes(Path p) throws Exception {
    Result r = JpbsJar.exec(List.of("stat", "-c", "%b %B", p.toString()), Map.of(), null);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String[] f = r.stdout().trim().split(" ");
    return Long.parseLong(f[0]) * Long.parseLong(f[1]);
  }

  @Test
  @Order(22)
  void backup_firstIntoFreshStore_countsTheInitZeroChunkAsInStore_repeatsAsRepeated()
      throws Exception {
    Path fresh = tmp.resolve("fresh");
    assertThat(JpbsInProcess.run("init", fresh.toString()).exitCode())
        .isZero(); // the atime check stores the zero chunk
    byte[] img = new byte[12 << 20]; // zero chunk, zero chunk, random chunk
    new Random(11).nextBytes(img);
    java.util.Arrays.fill(img, 0, 8 << 20, (byte) 0);
    Path src = Files.write(tmp.resolve("zeros.raw"), img);
    Result human =
        JpbsInProcess.run("backup", fresh.toString(), "vm/1", "disk.img:" + src, "--no-progress");
    new Random(12).nextBytes(img);
    java.util.Arrays.fill(img, 0, 8 << 20, (byte) 0);
    Files.write(src, img); // another last chunk
    JsonNode j =
        DatastoreCommandsIT.json(
            JpbsInProcess.run(
                "backup", fresh.toString(), "vm/2", "disk.img:" + src, "--json", "--no-progress"));

    assertThat(human.exitCode()).as(human.stderr()).isZero();
    assertThat(human.stdout())
        .contains("(full: no previous snapshot)")
        .contains("uploaded 2 chunks, 8 MiB")
        .contains("of which 1 was already in the chunk store");
    assertThat(j.get("chunks").asLong()).isEqualTo(3);
    assertThat(j.get("known-chunks").asLong()).as("nothing comes from a base").isZero();
    assertThat(j.get("repeated-chunks").asLong()).as("the second zero chunk").isEqualTo(1);
    assertThat(j.get("duplicate-chunks").asLong()).as("the zero chunk init stored").isEqualTo(1);
    assertThat(j.get("new-chunks").asLong()).isEqualTo(1);
  }
}
