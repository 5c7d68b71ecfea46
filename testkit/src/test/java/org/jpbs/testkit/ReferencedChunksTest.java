package org.jpbs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferencedChunksTest {
  @TempDir Path base;

  private static final String A = "aa".repeat(32);
  private static final String B = "0b".repeat(32);

  private static byte[] index(String magicHex, int entry, String... digests) {
    ByteBuffer b = ByteBuffer.allocate(4096 + entry * digests.length);
    b.order(ByteOrder.LITTLE_ENDIAN).put(HexFormat.of().parseHex(magicHex));
    for (int i = 0; i < digests.length; i++) {
      b.position(4096 + i * entry);
      if (entry == 40) {
        b.putLong(100L * (i + 1));
      }
      b.put(HexFormat.of().parseHex(digests[i]));
    }
    return b.array();
  }

  @Test
  void parsesBothIndexKinds_andFindsTheMissingChunk() throws Exception {
    Path snap = Files.createDirectories(base.resolve("host/a/2026-01-01T00:00:00Z"));
    Files.write(snap.resolve("disk.img.fidx"), index("2f7f41ed91fd0fcd", 32, A));
    Files.write(snap.resolve("root.pxar.didx"), index("1c914ea519bab3cd", 40, A, B));
    Files.write(snap.resolve("other.didx"), new byte[] {1, 2, 3}); // not an index
    assertThat(ReferencedChunks.referenced(base)).containsExactly(B, A);

    Files.createDirectories(ReferencedChunks.chunkPath(base, A).getParent());
    Files.write(ReferencedChunks.chunkPath(base, A), new byte[] {1});
    assertThat(ReferencedChunks.missing(base)).containsExactly(B);
    assertThatThrownBy(() -> ReferencedChunks.assertAllExist(base))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(B);
    ReferencedChunks.assertAllExist(base, Set.of(B));
  }
}
