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
import org.jpbs.format.FixedIndexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect on every file kind, and exit 4 on corrupt data, through the real jar. */
class InspectCommandIT {
  @TempDir Path tmp;

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
    try (CliTestStore s = CliTestStore.create(tmp)) {
      List<ChunkDigest> c = s.chunks(1, 12);
      BackupDir d = s.snapshot(s.group("web"), DatastoreCommandsIT.T0, true, List.of(c));
      Path didx = d.fullPath().resolve("archive0.didx");

      JsonNode j = DatastoreCommandsIT.json(JpbsJar.run("inspect", didx.toString(), "--json"));
      JsonNode all = DatastoreCommandsIT.json(JpbsJar.run("inspect", didx.toString(), "--all", "--json"));

      assertThat(j.get("type").asText()).isEqualTo("dynamic-index");
      assertThat(j.get("entry-count").asInt()).isEqualTo(12);
      assertThat(j.get("index-bytes").asLong()).isEqualTo(1200);
      assertThat(j.get("csum-ok").asBoolean()).isTrue();
      assertThat(j.get("valid").asBoolean()).isTrue();
      assertThat(j.get("header")).extracting(n -> n.get("field").asText())
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
    try (CliTestStore s = CliTestStore.create(tmp)) {
      BackupDir d = s.snapshot(s.group("vm"), DatastoreCommandsIT.T0, false, List.of());
      Path fidx = s.fixedIndex(d, s.chunks(1, 3));

      Result r = JpbsJar.run("inspect", fidx.toString(), "--digests", "2");

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
    try (CliTestStore s = CliTestStore.create(tmp)) {
      BackupDir d = s.snapshot(s.group("vm"), DatastoreCommandsIT.T0, false, List.of());
      Path fidx = s.fixedIndex(d, s.chunks(1, 3));
      flipByte(fidx, FixedIndexFormat.HEADER_SIZE + 5);

      Result human = JpbsJar.run("inspect", fidx.toString());
      Result json = JpbsJar.run("inspect", fidx.toString(), "--json");

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
    try (CliTestStore s = CliTestStore.create(tmp)) {
      BackupDir d = s.snapshot(s.group("vm"), DatastoreCommandsIT.T0, false, List.of());
      Path fidx = s.fixedIndex(d, s.chunks(1, 3));
      try (RandomAccessFile f = new RandomAccessFile(fidx.toFile(), "rw")) {
        f.setLength(f.length() - 1);
      }

      Result r = JpbsJar.run("inspect", fidx.toString());

      assertThat(r.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
      assertThat(r.stdout()).isEmpty();
    }
  }

  @Test
  void inspect_chunk_verifiesDigest_corruptChunkExit4() throws Exception {
    try (CliTestStore s = CliTestStore.create(tmp)) {
      ChunkDigest good = s.chunk(1);
      ChunkDigest bad = s.chunk(2);
      Path badPath = s.store.chunkPath(bad);
      byte[] raw = Files.readAllBytes(badPath);
      raw[raw.length - 1] ^= 1; // payload: CRC mismatch
      Files.write(badPath, raw);

      JsonNode j = DatastoreCommandsIT.json(JpbsJar.run("inspect", s.store.chunkPath(good).toString(), "--json"));
      Result r = JpbsJar.run("inspect", badPath.toString());

      assertThat(j.get("type").asText()).isEqualTo("chunk");
      assertThat(j.get("kind").asText()).isEqualTo("uncompressed");
      assertThat(j.get("crc-ok").asBoolean()).isTrue();
      assertThat(j.get("digest-computed").asText()).isEqualTo(good.toHex());
      assertThat(j.get("header")).extracting(n -> n.get("field").asText()).containsExactly("magic", "crc");
      assertThat(r.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
      assertThat(r.stdout()).contains("crc-ok: false");
    }
  }

  @Test
  void inspect_manifestAndGcStatus() throws Exception {
    try (CliTestStore s = CliTestStore.create(tmp)) {
      BackupDir d = s.snapshot(s.group("web"), DatastoreCommandsIT.T0, true, List.of(s.chunks(1, 2)));
      Files.writeString(s.base.resolve(".gc-status"),
          "{\"upid\":null,\"index-file-count\":1,\"index-data-bytes\":2,\"disk-bytes\":3,\"disk-chunks\":4,"
              + "\"removed-bytes\":5,\"removed-chunks\":6,\"pending-bytes\":7,\"pending-chunks\":8,"
              + "\"removed-bad\":9,\"still-bad\":10}");

      JsonNode m = DatastoreCommandsIT.json(
          JpbsJar.run("inspect", d.fullPath().resolve("index.json.blob").toString(), "--json"));
      JsonNode g = DatastoreCommandsIT.json(JpbsJar.run("inspect", s.base.resolve(".gc-status").toString(), "--json"));

      assertThat(m.get("type").asText()).isEqualTo("manifest");
      assertThat(m.get("manifest").get("backup-id").asText()).isEqualTo("web");
      assertThat(m.get("manifest").get("files").get(0).get("filename").asText()).isEqualTo("archive0.didx");
      assertThat(g.get("type").asText()).isEqualTo("gc-status");
      assertThat(g.get("gc-status").get("still-bad").asLong()).isEqualTo(10);
    }
  }

  @Test
  void inspect_unknownFile_exit4() throws Exception {
    Path f = tmp.resolve("random.bin");
    Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

    Result r = JpbsJar.run("inspect", f.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(r.stderrLines().get(0)).contains("0102030405060708");
  }
}
