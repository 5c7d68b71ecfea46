package org.jpbs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirDeletionStrategy.DeletionResult;

/** The {@code @TempDir} deletion the whole build uses: complete, never following a link. */
class TreeDeletionTest {
  @TempDir(cleanup = CleanupMode.NEVER)
  Path tree;

  @TempDir Path outside;

  @Test
  void deletesMixedTree_removesLinksWithoutFollowingThem() throws IOException {
    Path chunks = Files.createDirectory(tree.resolve(".chunks"));
    for (int i = 0; i < 300; i++) {
      Files.createDirectory(chunks.resolve(String.format("%04x", i)));
    }
    Files.writeString(chunks.resolve("0007").resolve("a".repeat(64)), "chunk");
    Files.writeString(chunks.resolve("0007").resolve("b".repeat(64) + ".0.bad"), "bad");
    Files.createDirectories(chunks.resolve("0008").resolve("x").resolve("y"));
    Files.writeString(chunks.resolve("0008").resolve("x").resolve("y").resolve("f"), "deep");
    Files.writeString(tree.resolve("file-among-directories"), "f");
    Path kept = Files.writeString(outside.resolve("kept"), "must survive");
    Files.createSymbolicLink(tree.resolve("link-to-outside"), outside);
    Files.createSymbolicLink(chunks.resolve("0009").resolve("link-to-file"), kept);
    Files.createSymbolicLink(tree.resolve("dangling"), tree.resolve("nowhere"));

    DeletionResult result = new TreeDeletion().delete(tree, null, null);

    assertThat(result.isSuccessful()).isTrue();
    assertThat(result.failures()).isEmpty();
    assertThat(tree).doesNotExist();
    assertThat(kept).hasContent("must survive");
  }

  @Test
  void leavesWhatItCannotRemoveToTheStandardStrategy_whichResetsPermissions() throws IOException {
    Path locked = Files.createDirectories(tree.resolve("a").resolve("locked"));
    Files.writeString(locked.resolve("f"), "x");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));

    DeletionResult result = new TreeDeletion().delete(tree, null, null);

    // as root the first pass removes it all; otherwise JUnit's strategy restores write permission
    assertThat(result.isSuccessful()).isTrue();
    assertThat(tree).doesNotExist();
  }

  @Test
  void emptyDirectory_removesOnlyTheContent() throws IOException {
    Files.createDirectories(tree.resolve("d").resolve("e"));
    Files.writeString(tree.resolve("d").resolve("f"), "x");

    TreeDeletion.emptyDirectory(tree);

    assertThat(tree).isEmptyDirectory();
    Files.delete(tree);
  }
}
