package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicIndexWriterTest {
  @TempDir Path dir;

  @Test
  void create_tempNameIsSetExtensionTmpDidx_finalAbsentUntilCommit() throws Exception {
    Path p = dir.resolve("root.pxar.didx");
    try (DynamicIndexWriter w =
        DynamicIndexWriter.create(p, InstantSource.fixed(Instant.ofEpochSecond(99)))) {
      assertThat(w.tempPath()).isEqualTo(dir.resolve("root.pxar.tmp_didx")).exists();
      w.append(4, ChunkDigest.sha256(new byte[4]));
      assertThat(p).doesNotExist();
      w.commit(true);
      assertThat(w.tempPath()).doesNotExist();
    }
    try (DynamicIndexReader r = DynamicIndexReader.open(p)) {
      assertThat(r.ctime()).isEqualTo(99);
      assertThat(r.indexBytes()).isEqualTo(4);
    }
  }

  @Test
  void append_nonIncreasingEnd_throwsIllegalArgument() throws Exception {
    try (DynamicIndexWriter w =
        DynamicIndexWriter.create(dir.resolve("n.didx"), UUID.randomUUID(), 0)) {
      assertThatThrownBy(() -> w.append(0, ChunkDigest.sha256(new byte[0])))
          .isInstanceOf(IllegalArgumentException.class);
      w.append(5, ChunkDigest.sha256(new byte[5]));
      assertThatThrownBy(() -> w.append(5, ChunkDigest.sha256(new byte[0])))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> w.append(4, ChunkDigest.sha256(new byte[0])))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(w.count()).isEqualTo(1);
      assertThat(w.lastEnd()).isEqualTo(5);
    }
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void close_withoutCommit_deletesTemp() throws Exception {
    DynamicIndexWriter w = DynamicIndexWriter.create(dir.resolve("a.didx"), UUID.randomUUID(), 0);
    w.append(1, ChunkDigest.sha256(new byte[1]));
    w.close();
    w.close();
    assertThat(dir).isEmptyDirectory();
    assertThatThrownBy(() -> w.append(2, ChunkDigest.sha256(new byte[1])))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void commit_moreThanOneBuffer_checksumMatchesReader() throws Exception {
    Path p = dir.resolve("big.didx");
    int n = DynamicIndexWriter.BUFFER_SIZE / DynamicIndexFormat.ENTRY_SIZE * 2 + 17;
    byte[] csum;
    try (DynamicIndexWriter w = DynamicIndexWriter.create(p, UUID.randomUUID(), 0)) {
      for (int i = 0; i < n; i++) {
        w.append(3L * (i + 1), ChunkDigest.ofWords(i, ~i, i * 31L, 7));
      }
      csum = w.commit(false);
    }
    try (DynamicIndexReader r = DynamicIndexReader.open(p)) {
      assertThat(r.count()).isEqualTo(n);
      assertThat(r.storedChecksum()).isEqualTo(csum).isEqualTo(r.computeChecksum());
      assertThat(r.chunkEnd(n - 1)).isEqualTo(3L * n);
      assertThat(r.digest(n - 1)).isEqualTo(ChunkDigest.ofWords(n - 1, ~(n - 1), (n - 1) * 31L, 7));
      r.verify();
    }
  }

  @Test
  void commit_renameFails_throwsAndRemovesTemp() throws Exception {
    Path p = dir.resolve("blocked.didx");
    java.nio.file.Files.createDirectory(p);
    java.nio.file.Files.write(p.resolve("keep"), new byte[1]);
    DynamicIndexWriter w = DynamicIndexWriter.create(p, UUID.randomUUID(), 0);
    w.append(1, ChunkDigest.sha256(new byte[1]));
    assertThatThrownBy(() -> w.commit(false)).isInstanceOf(java.io.IOException.class);
    assertThat(w.tempPath()).doesNotExist();
    assertThat(p.resolve("keep")).exists();
  }
}
