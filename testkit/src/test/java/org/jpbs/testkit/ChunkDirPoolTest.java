package org.jpbs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool of emptied chunk trees and the chunk listing, on the test run's temporary directory
 * (tmpfs in the build, where empty directories are recognised by their size without a listing).
 */
class ChunkDirPoolTest {
  @TempDir Path tmp;

  private static Path freshTree(Path base) throws IOException {
    Path chunks = base.resolve(".chunks");
    var mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---"));
    Files.createDirectories(base);
    Files.createDirectory(chunks, mode); // 0750 is not narrowed by the usual umask 022
    for (int i = 0; i < 65_536; i++) {
      Files.createDirectory(chunks.resolve(String.format("%04x", i)), mode);
    }
    return chunks;
  }

  @Test
  void chunkDirEntries_listsExactlyTheFiles_recycleEmptiesAndPoolsOnlyAFreshTree()
      throws IOException {
    Path chunks = freshTree(tmp.resolve("a"));
    Path sub = Files.createDirectory(chunks.resolve("1234").resolve("sub"));
    ChunkDirPool.recycle(tmp.resolve("a"));
    assertThat(sub).as("a tree with a subdirectory is not pooled").isDirectory();
    Files.delete(sub);

    String hex = "00ff" + "0".repeat(60);
    Files.writeString(chunks.resolve("00ff").resolve(hex), "x");
    Files.writeString(chunks.resolve("ffff").resolve("ffff" + "1".repeat(60) + ".0.bad"), "y");
    Files.writeString(chunks.resolve("8000").resolve("tmp_x"), "z");

    List<Path> entries = StoreFiles.chunkDirEntries(chunks);
    assertThat(entries)
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(hex, "ffff" + "1".repeat(60) + ".0.bad", "tmp_x");

    ChunkDirPool.recycle(tmp.resolve("a"));
    assertThat(chunks).as("pooled: moved away").doesNotExist();
    Path b = tmp.resolve("b");
    assertThat(ChunkDirPool.claim(b)).isTrue();
    assertThat(StoreFiles.chunkDirEntries(b.resolve(".chunks"))).as("claimed tree").isEmpty();
    try (var s = Files.list(b.resolve(".chunks"))) {
      assertThat(s.count()).isEqualTo(65_536);
    }
  }
}
