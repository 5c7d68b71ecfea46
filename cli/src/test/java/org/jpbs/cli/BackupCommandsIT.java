package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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

    assertThat(exists.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(exists.stderr()).contains("already exists");
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

    Path victim;
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
    assertThat(bad.stderr()).contains("verification failed");
    assertThat(victim).doesNotExist();
    assertThat(victim.resolveSibling(victim.getFileName() + ".0.bad")).isRegularFile();

    Result human = JpbsJar.run("verify", ds.toString(), SNAP2, "--no-progress");
    assertThat(human.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(human.stdout()).contains(SNAP2).contains("failed").contains("verify FAILED");
  }
}
