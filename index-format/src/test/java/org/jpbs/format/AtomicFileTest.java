package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AtomicFileTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "index.json.blob, index.json.tmp_XXXXXX",
    ".gc-status, .gc-status.tmp_XXXXXX",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.tmp_XXXXXX",
    "drive-scsi0.img.fidx, drive-scsi0.img.tmp_XXXXXX",
    ".gc-status.json, .gc-status.tmp_XXXXXX",
    "a., a.tmp_XXXXXX"
  })
  void tempTemplate_followsRustSetExtension(String name, String temp) {
    assertThat(AtomicFile.tempTemplate(dir.resolve(name))).isEqualTo(dir.resolve(temp));
  }

  @Test
  void withExtension_indexWriterNames() {
    assertThat(AtomicFile.withExtension(Path.of("drive-scsi0.img.fidx"), "tmp_fidx"))
        .isEqualTo(Path.of("drive-scsi0.img.tmp_fidx"));
    assertThat(AtomicFile.withExtension(Path.of("catalog.pcat1.didx"), "tmp_didx"))
        .isEqualTo(Path.of("catalog.pcat1.tmp_didx"));
    assertThat(AtomicFile.withExtension(Path.of("noext"), "")).isEqualTo(Path.of("noext"));
    assertThatThrownBy(() -> AtomicFile.withExtension(Path.of(".."), "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replace_writesContentMode0644_andLeavesNoTemp() throws Exception {
    Path p = dir.resolve("index.json.blob");
    Files.write(p, new byte[] {9});
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    AtomicFile.replace(p, new byte[] {1, 2}, true);
    assertThat(Files.readAllBytes(p)).containsExactly(1, 2);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
        .isEqualTo("rw-r--r--");
    try (var s = Files.list(dir)) {
      assertThat(s).containsExactly(p);
    }
  }

  @Test
  void replace_renameFails_removesTempAndKeepsTarget() throws Exception {
    Path target = dir.resolve("blocked.blob");
    Files.createDirectory(target);
    Files.write(target.resolve("x"), new byte[1]); // non-empty directory: rename onto it fails
    assertThatThrownBy(() -> AtomicFile.replace(target, new byte[] {1}, false))
        .isInstanceOf(java.io.IOException.class);
    try (var s = Files.list(dir)) {
      assertThat(s).containsExactly(target);
    }
  }

  @Test
  void replace_missingDirectory_throwsAndCreatesNothing() {
    Path p = dir.resolve("missing").resolve(".gc-status");
    assertThatThrownBy(() -> AtomicFile.replace(p, new byte[] {1}, false))
        .isInstanceOf(java.io.IOException.class);
    assertThat(dir.resolve("missing")).doesNotExist();
  }
}
