package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.datastore.BackupDir;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DataBlob;
import org.jpbs.format.FixedIndexFormat;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inspect on every file kind, and exit 4 on corrupt data, through the real jar.
 *
 * <p>Creating a datastore (65,536 chunk directories) dominates the run time and inspect reads one
 * file, so the tests that need a store share one ({@link #shared}): each writes its snapshot into a
 * group of its own, and the test that corrupts a chunk uses seeds no other test inserts.
 */
class InspectCommandIT {
  @TempDir Path tmp;
  @TempDir static Path sharedDir;
  static TestDatastore shared;

  @BeforeAll
  static void createSharedStore() throws Exception {
    shared = TestDatastore.create(sharedDir);
  }

  @AfterAll
  static void closeSharedStore() {
    shared.close();
  }

  private static void flipByte(Path file, long offset) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }

  @Test
  void inspect_dynamicIndex_json_headerFieldsAndDigests() throws Exception {
    {
      TestDatastore s = shared;
      List<ChunkDigest> c = s.chunks(1, 12);
      BackupDir d = s.snapshot(s.group("web-didx"), DatastoreCommandsIT.T0, true, List.of(c));
      Path didx = d.fullPath().resolve("archive0.didx");

      JsonNode j = DatastoreCommandsIT.json(JpbsJar.run("inspect", didx.toString(), "--json"));
      JsonNode all =
          DatastoreCommandsIT.json(
              JpbsInProcess.run("inspect", didx.toString(), "--all", "--json"));

      assertThat(j.get("type").asText()).isEqualTo("dynamic-index");
      assertThat(j.get("entry-count").asInt()).isEqualTo(12);
      assertThat(j.get("index-bytes").asLong()).isEqualTo(1200);
      assertThat(j.get("csum-ok").asBoolean()).isTrue();
      assertThat(j.get("valid").asBoolean()).isTrue();
      assertThat(j.get("header"))
          .extracting(n -> n.get("field").asText())
          .containsExactly("magic", "uuid", "ctime", "index_csum", "reserved");
      assertThat(j.get("header").get(0).get("hex").asText()).isEqualTo("1c914ea519bab3cd");
      assertThat(j.get("header").get(0).get("offset").asInt()).isZero();
      assertThat(j.get("digests")).hasSize(10);
      assertThat(j.get("digests").get(0).get("digest").asText()).isEqualTo(c.get(0).toHex());
      assertThat(j.get("digests").get(0).get("end").asLong()).isEqualTo(100);
      assertThat(all.get("digests")).hasSize(12);
    }
  }

  @Test
  void inspect_fixedIndex_human_labelledHex() throws Exception {
    {
      TestDatastore s = shared;
      BackupDir d = s.snapshot(s.group("vm-fixed"), DatastoreCommandsIT.T0, false, List.of());
      Path fidx = s.fixedIndex(d, s.chunks(1, 3));

      Result r = JpbsInProcess.run("inspect", fidx.toString(), "--digests", "2");

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout())
          .contains("type: fixed-index")
          .containsPattern("0x0000 +magic +8 +2f7f41ed91fd0fcd +FIXED_SIZED_CHUNK_INDEX_1_0")
          .containsPattern("0x0048 +chunk_size +8 +0010000000000000 +4096 \\(4 KiB\\)")
          .contains("csum-ok: true")
          .contains("digests (2 of 3; --all for every one):");
    }
  }

  @Test
  void inspect_corruptIndex_exit4_humanDumpsThenFails_jsonPrintsNothing() throws Exception {
    {
      TestDatastore s = shared;
      BackupDir d = s.snapshot(s.group("vm-corrupt"), DatastoreCommandsIT.T0, false, List.of());
      Path fidx = s.fixedIndex(d, s.chunks(1, 3));
      flipByte(fidx, FixedIndexFormat.HEADER_SIZE + 5);

      Result human = JpbsInProcess.run("inspect", fidx.toString());
      Result json = JpbsInProcess.run("inspect", fidx.toString(), "--json");

      assertThat(human.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
      assertThat(human.stdout()).contains("csum-ok: false").contains("valid: false");
      assertThat(human.stderrLines().get(0)).startsWith("jpbs: ").contains(fidx.toString());
      assertThat(human.stderrLines().get(1)).startsWith("hint: ");
      assertThat(json.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
      assertThat(json.stdout()).isEmpty();
    }
  }

  @Test
  void inspect_truncatedIndex_exit4() throws Exception {
    {
      TestDatastore s = shared;
      BackupDir d = s.snapshot(s.group("vm-truncated"), DatastoreCommandsIT.T0, false, List.of());
      Path fidx = s.fixedIndex(d, s.chunks(1, 3));
      try (RandomAccessFile f = new RandomAccessFile(fidx.toFile(), "rw")) {
        f.setLength(f.length() - 1);
      }

      Result r = JpbsInProcess.run("inspect", fidx.toString());

      assertThat(r.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
      assertThat(r.stdout()).isEmpty();
    }
  }

  @Test
  void inspect_chunk_verifiesDigest_corruptChunkExit4() throws Exception {
    {
      TestDatastore s = shared;
      ChunkDigest good = s.chunk(1001);
      ChunkDigest bad = s.chunk(1002);
      Path badPath = s.store.chunkPath(bad);
      byte[] raw = Files.readAllBytes(badPath);
      raw[raw.length - 1] ^= 1; // payload: CRC mismatch
      Files.write(badPath, raw);

      JsonNode j =
          DatastoreCommandsIT.json(
              JpbsInProcess.run("inspect", s.store.chunkPath(good).toString(), "--json"));
      Result r = JpbsInProcess.run("inspect", badPath.toString());

      assertThat(j.get("type").asText()).isEqualTo("chunk");
      assertThat(j.get("kind").asText()).isEqualTo("uncompressed");
      assertThat(j.get("crc-ok").asBoolean()).isTrue();
      assertThat(j.get("digest-computed").asText()).isEqualTo(good.toHex());
      assertThat(j.get("header"))
          .extracting(n -> n.get("field").asText())
          .containsExactly("magic", "crc");
      assertThat(r.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
      assertThat(r.stdout()).contains("crc-ok: false");
    }
  }

  @Test
  void inspect_manifestAndGcStatus() throws Exception {
    {
      TestDatastore s = shared;
      BackupDir d =
          s.snapshot(s.group("web"), DatastoreCommandsIT.T0, true, List.of(s.chunks(1, 2)));
      Files.writeString(
          s.base.resolve(".gc-status"),
          "{\"upid\":null,\"index-file-count\":1,\"index-data-bytes\":2,\"disk-bytes\":3,\"disk-chunks\":4,"
              + "\"removed-bytes\":5,\"removed-chunks\":6,\"pending-bytes\":7,\"pending-chunks\":8,"
              + "\"removed-bad\":9,\"still-bad\":10}");

      JsonNode m =
          DatastoreCommandsIT.json(
              JpbsInProcess.run(
                  "inspect", d.fullPath().resolve("index.json.blob").toString(), "--json"));
      JsonNode g =
          DatastoreCommandsIT.json(
              JpbsInProcess.run("inspect", s.base.resolve(".gc-status").toString(), "--json"));

      assertThat(m.get("type").asText()).isEqualTo("manifest");
      assertThat(m.get("manifest").get("backup-id").asText()).isEqualTo("web");
      assertThat(m.get("manifest").get("files").get(0).get("filename").asText())
          .isEqualTo("archive0.didx");
      assertThat(g.get("type").asText()).isEqualTo("gc-status");
      assertThat(g.get("gc-status").get("still-bad").asLong()).isEqualTo(10);
    }
  }

  @Test
  void inspect_unknownFile_exit4() throws Exception {
    Path f = tmp.resolve("random.bin");
    Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

    Result r = JpbsInProcess.run("inspect", f.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(r.stderrLines().get(0)).contains("0102030405060708");
  }

  @Test
  void inspect_encryptedBlob_showsHeaderAndCrcCheck_notParsedAsJson() throws Exception {
    byte[] iv = new byte[16];
    byte[] tag = new byte[16];
    java.util.Arrays.fill(iv, (byte) 0x11);
    java.util.Arrays.fill(tag, (byte) 0x22);
    byte[] cipher = "ciphertext, not JSON".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path ok =
        Files.write(
            tmp.resolve("secret.conf.blob"),
            DataBlob.assembleEncrypted(false, iv, tag, cipher).rawData());
    Path manifest = Files.createDirectories(tmp.resolve("snap")).resolve("index.json.blob");
    Files.write(manifest, DataBlob.assembleEncrypted(true, iv, tag, cipher).rawData());
    Path bad = Files.write(tmp.resolve("bad.blob"), Files.readAllBytes(ok));
    flipByte(bad, Files.size(bad) - 1);

    JsonNode j = DatastoreCommandsIT.json(JpbsInProcess.run("inspect", ok.toString(), "--json"));
    JsonNode m =
        DatastoreCommandsIT.json(JpbsInProcess.run("inspect", manifest.toString(), "--json"));
    Result human = JpbsInProcess.run("inspect", bad.toString());

    assertThat(j.get("type").asText()).isEqualTo("blob");
    assertThat(j.get("kind").asText()).isEqualTo("encrypted");
    assertThat(j.get("encrypted").asBoolean()).isTrue();
    assertThat(j.get("crc-ok").asBoolean()).isTrue();
    assertThat(j.get("valid").asBoolean()).isTrue();
    assertThat(j.get("data-size").isNull()).isTrue();
    assertThat(j.get("data-sha256").isNull()).isTrue();
    assertThat(j.get("header"))
        .extracting(n -> n.get("field").asText())
        .containsExactly("magic", "crc", "iv", "tag");
    assertThat(j.get("header").get(0).get("hex").asText()).isEqualTo("7b6785be222d4cf0");
    assertThat(j.get("header").get(2).get("hex").asText()).isEqualTo("11".repeat(16));
    assertThat(j.get("header").get(3).get("hex").asText()).isEqualTo("22".repeat(16));
    assertThat(m.get("type").asText()).isEqualTo("manifest");
    assertThat(m.get("kind").asText()).isEqualTo("encrypted-compressed");
    assertThat(m.get("crc-ok").asBoolean()).isTrue();
    assertThat(human.exitCode()).as(human.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(human.stdout()).contains("type: blob (encrypted)").contains("crc-ok: false");
    assertThat(human.stderrLines().get(0)).contains("CRC32 mismatch").contains(bad.toString());
  }

  @Test
  void inspect_plainAndCompressedBlob_json_reportsDataSha256() throws Exception {
    byte[] text =
        "memory: 2048\ncores: 2\n".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    DataBlob compressed = DataBlob.encode(text, true);
    DataBlob plain = DataBlob.encode(text, false);
    Path c = Files.write(tmp.resolve("c.conf.blob"), compressed.rawData());
    Path p = Files.write(tmp.resolve("p.conf.blob"), plain.rawData());

    JsonNode jc = DatastoreCommandsIT.json(JpbsInProcess.run("inspect", c.toString(), "--json"));
    JsonNode jp = DatastoreCommandsIT.json(JpbsInProcess.run("inspect", p.toString(), "--json"));

    String sha = ChunkDigest.sha256(text).toHex();
    assertThat(jc.get("kind").asText()).isEqualTo("compressed");
    assertThat(jc.get("data-sha256").asText()).isEqualTo(sha);
    assertThat(jc.get("data-size").asLong()).isEqualTo(text.length);
    assertThat(jc.get("encrypted").asBoolean()).isFalse();
    assertThat(jp.get("kind").asText()).isEqualTo("uncompressed");
    assertThat(jp.get("data-sha256").asText()).isEqualTo(sha);
  }

  @Test
  void inspect_directory_usageErrorNamingIt() throws Exception {
    Result r = JpbsInProcess.run("inspect", tmp.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderrLines()).hasSize(1);
    assertThat(r.stderrLines().get(0))
        .startsWith("jpbs: ")
        .contains(tmp.toString())
        .contains("is a directory");
  }

  @Test
  void inspect_garbageManifestOrIndex_damagedNotUnsupportedVersion() throws Exception {
    Path snap = Files.createDirectories(tmp.resolve("vm/100/2024-05-01T10:00:00Z"));
    Path manifest =
        Files.write(
            snap.resolve("index.json.blob"),
            "garbage, garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Path fidx = Files.write(snap.resolve("disk.img.fidx"), new byte[4096]);

    Result m = JpbsInProcess.run("inspect", manifest.toString());
    Result f = JpbsInProcess.run("inspect", fidx.toString());

    for (Result r : List.of(m, f)) {
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
      assertThat(r.stderrLines().get(1))
          .startsWith("hint: ")
          .contains("damaged")
          .doesNotContain("version");
    }
    assertThat(m.stderrLines().get(0)).contains(manifest.toString()).contains("676172626167652c");
    assertThat(f.stderrLines().get(0)).contains(fidx.toString());
  }
}
