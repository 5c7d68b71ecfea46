package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupManifestTest {
  @TempDir Path dir;

  static final String CSUM = "e5a01fee14e0ed5c48714f22180f25ad8365b53f9779f79dc4a3d7e93963f94a";
  static final String CSUM2 = "f7544ade862f9d310c0bd9e35879b53f0df575ae5c97b202f1859bbb9597f4dc";
  static final String UPID =
      "UPID:pbs:000004D2:00000010:00000002:6553F100:verificationjob:store1\\x3av\\x2d100:root@pam:";

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static BackupManifest sample() {
    BackupManifest m = BackupManifest.create("vm", "100", 1700000000L);
    m.addFile(new BackupManifest.FileInfo("qemu-server.conf.blob", CryptMode.NONE, 428, CSUM));
    m.addFile(
        new BackupManifest.FileInfo("drive-scsi0.img.fidx", CryptMode.NONE, 34359738368L, CSUM2));
    return m;
  }

  @Test
  void toJsonBytes_new_isSerdePrettyInSpecKeyOrder() {
    assertThat(new String(sample().toJsonBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\n"
                + "  \"backup-type\": \"vm\",\n"
                + "  \"backup-id\": \"100\",\n"
                + "  \"backup-time\": 1700000000,\n"
                + "  \"files\": [\n"
                + "    {\n"
                + "      \"filename\": \"qemu-server.conf.blob\",\n"
                + "      \"crypt-mode\": \"none\",\n"
                + "      \"size\": 428,\n"
                + "      \"csum\": \""
                + CSUM
                + "\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"filename\": \"drive-scsi0.img.fidx\",\n"
                + "      \"crypt-mode\": \"none\",\n"
                + "      \"size\": 34359738368,\n"
                + "      \"csum\": \""
                + CSUM2
                + "\"\n"
                + "    }\n"
                + "  ],\n"
                + "  \"unprotected\": {},\n"
                + "  \"signature\": null\n"
                + "}");
  }

  @Test
  void storeThenLoad_typedAccessorsRoundTrip() throws Exception {
    Path p = dir.resolve(BackupManifest.BLOB_NAME);
    sample().store(p, true);
    BackupManifest m = BackupManifest.load(p);
    assertThat(m.backupType()).isEqualTo("vm");
    assertThat(m.backupId()).isEqualTo("100");
    assertThat(m.backupTime()).isEqualTo(1700000000L);
    assertThat(m.files()).containsExactlyElementsOf(sample().files());
    assertThat(m.files().get(1).size()).isEqualTo(34359738368L);
    assertThat(m.lookupFile("drive-scsi0.img.fidx")).isPresent();
    assertThat(m.verifyState()).isEmpty();
    assertThat(m.signature()).isEmpty();
    assertThat(m.toJsonBytes()).isEqualTo(sample().toJsonBytes());
    assertThat(DataBlob.load(p).decode("m")).isEqualTo(sample().toJsonBytes());
    try (var s = Files.list(dir)) {
      assertThat(s).containsExactly(p);
    }
  }

  @Test
  void readModifyWrite_unknownKeysSurviveInOrder() throws Exception {
    String head =
        "{\n"
            + "  \"backup-type\": \"host\",\n"
            + "  \"backup-id\": \"elsa\",\n"
            + "  \"zz-future-top\": {\n"
            + "    \"b\": [\n      1,\n      2\n    ],\n"
            + "    \"a\": \"\\u001f é\"\n"
            + "  },\n"
            + "  \"backup-time\": 1600000000,\n"
            + "  \"files\": [\n"
            + "    {\n"
            + "      \"filename\": \"root.pxar.didx\",\n"
            + "      \"crypt-mode\": \"sign-only\",\n"
            + "      \"size\": 18446744073709551,\n"
            + "      \"csum\": \""
            + CSUM
            + "\",\n"
            + "      \"x-file-extra\": true\n"
            + "    }\n"
            + "  ],\n"
            + "  \"unprotected\": {\n"
            + "    \"notes\": \"line1\\nline2\",\n"
            + "    \"chunk_upload_stats\": {\n"
            + "      \"count\": 3,\n      \"size\": 30,\n      \"compressed_size\": 20,\n      \"duplicates\": 1\n"
            + "    },\n"
            + "    \"x-custom\": null";
    String tail =
        "\n  },\n"
            + "  \"signature\": \""
            + CSUM2
            + "\",\n"
            + "  \"another-unknown\": 1e21\n"
            + "}";
    Path p = dir.resolve(BackupManifest.BLOB_NAME);
    Files.write(p, DataBlob.encode(utf8(head + tail), true).rawData());

    BackupManifest m = BackupManifest.load(p);
    assertThat(m.toJsonBytes()).asString(StandardCharsets.UTF_8).isEqualTo(head + tail);
    m.setVerifyState(UPID, true);
    m.store(p, false);
    String verified =
        ",\n    \"verify_state\": {\n      \"upid\": \""
            + UPID.replace("\\", "\\\\")
            + "\",\n      \"state\": \"ok\"\n    }";
    BackupManifest back = BackupManifest.load(p);
    assertThat(back.toJsonBytes())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo(head + verified + tail);
    assertThat(back.verifyState()).contains(new BackupManifest.VerifyState(UPID, "ok"));
    assertThat(back.signature()).contains(CSUM2);
    assertThat(back.files().get(0).cryptMode()).isEqualTo(CryptMode.SIGN_ONLY);

    back.setVerifyState(UPID, false); // replaces in place, keeps position
    back.store(p, false);
    assertThat(BackupManifest.load(p).toJsonBytes())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo(head + verified.replace("\"ok\"", "\"failed\"") + tail);
  }

  @Test
  void parse_oldManifest_normalisedLikePbsRewrite() throws Exception {
    String old =
        "{\"backup-type\":\"ct\",\"backup-id\":\"101\",\"backup-time\":5,"
            + "\"files\":[{\"filename\":\"a.blob\",\"size\":1,\"csum\":\""
            + CSUM.toUpperCase()
            + "\"}]}";
    BackupManifest m = BackupManifest.parseJson(utf8(old), "old");
    assertThat(new String(m.toJsonBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\n"
                + "  \"backup-type\": \"ct\",\n  \"backup-id\": \"101\",\n  \"backup-time\": 5,\n  \"files\": [\n    {\n"
                + "      \"filename\": \"a.blob\",\n      \"crypt-mode\": \"none\",\n      \"size\": 1,\n"
                + "      \"csum\": \""
                + CSUM.toUpperCase()
                + "\"\n    }\n  ],\n"
                + "  \"unprotected\": {},\n  \"signature\": null\n}");
    assertThat(m.files().get(0).csumHex()).isEqualTo(CSUM);
  }

  @Test
  void unprotected_isACopy_andPutUnprotectedWrites() {
    BackupManifest m = sample();
    m.unprotected().put("x", 1);
    assertThat(m.unprotected().has("x")).isFalse();
    m.putUnprotected("notes", TextNode.valueOf("hi"));
    assertThat(m.unprotected().get("notes").textValue()).isEqualTo("hi");
  }

  @Test
  void addFile_unknownExtension_throws() {
    assertThatThrownBy(
            () -> sample().addFile(new BackupManifest.FileInfo("x.txt", CryptMode.NONE, 1, CSUM)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{",
        "{\"backup-type\":\"vm\"}",
        "{\"backup-type\":\"xx\",\"backup-id\":\"1\",\"backup-time\":1,\"files\":[]}",
        "{\"backup-type\":\"vm\",\"backup-id\":1,\"backup-time\":1,\"files\":[]}",
        "{\"backup-type\":\"vm\",\"backup-id\":\"1\",\"backup-time\":\"1\",\"files\":[]}",
        "{\"backup-type\":\"vm\",\"backup-id\":\"1\",\"backup-time\":1,\"files\":{}}",
        "{\"backup-type\":\"vm\",\"backup-id\":\"1\",\"backup-time\":1,\"files\":[{\"filename\":\"a.blob\",\"size\":1,\"csum\":\"00\"}]}",
        "{\"backup-type\":\"vm\",\"backup-id\":\"1\",\"backup-time\":1,\"files\":[{\"filename\":\"a.blob\",\"size\":-1,\"csum\":\""
            + CSUM
            + "\"}]}",
        "{\"backup-type\":\"vm\",\"backup-id\":\"1\",\"backup-time\":1,\"files\":[{\"filename\":\"a.blob\",\"crypt-mode\":\"rot13\",\"size\":1,\"csum\":\""
            + CSUM
            + "\"}]}",
        "{\"backup-type\":\"vm\",\"backup-id\":\"1\",\"backup-time\":1,\"files\":[],\"unprotected\":[]}",
        "{\"backup-type\":\"vm\",\"backup-id\":\"1\",\"backup-time\":1,\"files\":[],\"signature\":5}",
        "{\"backup-type\":\"vm\",\"backup-id\":\"1\",\"backup-id\":\"2\",\"backup-time\":1,\"files\":[]}"
      })
  void load_invalidJson_throwsCorruptNamingFile(String json) throws Exception {
    Path p = dir.resolve(BackupManifest.BLOB_NAME);
    Files.write(p, DataBlob.encode(utf8(json), true).rawData());
    assertThatThrownBy(() -> BackupManifest.load(p))
        .isInstanceOfSatisfying(
            CorruptFileException.class, e -> assertThat(e.resource()).isEqualTo(p.toString()));
  }

  @Test
  void parse_encryptedBlob_throwsCorrupt() {
    DataBlob enc = DataBlob.assembleEncrypted(false, new byte[16], new byte[16], new byte[] {1, 2});
    assertThatThrownBy(() -> BackupManifest.parse(enc, "e"))
        .isInstanceOf(CorruptFileException.class);
  }

  /**
   * Corruption matrix (STYLE rule 15): the blob CRC covers the whole JSON payload; no byte is
   * uncovered.
   */
  @Test
  void flipEveryByte_andTruncateEveryLength_detected() throws Exception {
    byte[] raw = sample().toBlob().rawData();
    Path p = dir.resolve(BackupManifest.BLOB_NAME);
    List<String> missed = new ArrayList<>();
    for (int mask : new int[] {0x01, 0xFF}) {
      for (int off = 0; off < raw.length; off++) {
        Files.write(p, CorruptFiles.flipByte(raw, off, mask));
        try {
          BackupManifest.load(p);
          missed.add("flip " + off + "/" + mask);
        } catch (CorruptFileException | UnsupportedFormatException e) {
          assertThat(e.getMessage()).contains(p.toString());
        }
      }
    }
    for (int len = 0; len < raw.length; len++) {
      Files.write(p, CorruptFiles.truncate(raw, len));
      try {
        BackupManifest.load(p);
        missed.add("truncate " + len);
      } catch (CorruptFileException e) {
        assertThat(e.resource()).isEqualTo(p.toString());
      }
    }
    assertThat(missed).isEmpty();
  }

  @Test
  void load_garbageWithoutBlobMagic_isCorruptNotUnsupported() throws Exception {
    Path p = dir.resolve(BackupManifest.BLOB_NAME);
    Files.write(p, utf8("this is not a manifest at all"));

    assertThatThrownBy(() -> BackupManifest.load(p))
        .isExactlyInstanceOf(CorruptFileException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("DataBlob magic")
        .hasMessageContaining("7468697320697320"); // "this is "
  }
}
