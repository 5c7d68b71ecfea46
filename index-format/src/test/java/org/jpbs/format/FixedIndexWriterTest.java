package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Random;
import java.util.UUID;
import org.jpbs.testkit.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(Seeds.class)
class FixedIndexWriterTest {
  @TempDir Path dir;

  @Test
  void create_tempNameIsSetExtensionTmpFidx_finalAbsentUntilCommit() throws Exception {
    Path p = dir.resolve("drive-scsi0.img.fidx");
    try (FixedIndexWriter w =
        FixedIndexWriter.create(p, 1, 4096, InstantSource.fixed(Instant.ofEpochSecond(77)))) {
      assertThat(w.tempPath()).isEqualTo(dir.resolve("drive-scsi0.img.tmp_fidx"));
      assertThat(w.tempPath()).exists();
      assertThat(p).doesNotExist();
      w.setDigest(0, ChunkDigest.sha256(new byte[1]));
      w.commit(true);
      assertThat(w.tempPath()).doesNotExist();
    }
    try (FixedIndexReader r = FixedIndexReader.open(p)) {
      assertThat(r.ctime()).isEqualTo(77);
      r.verify();
    }
  }

  @Test
  void close_withoutCommit_deletesTempAndLeavesNoFinal() throws Exception {
    Path p = dir.resolve("a.fidx");
    Path tmp;
    try (FixedIndexWriter w = FixedIndexWriter.create(p, 10, 4096, UUID.randomUUID(), 0)) {
      w.setDigest(0, ChunkDigest.sha256(new byte[1]));
      tmp = w.tempPath();
    }
    assertThat(tmp).doesNotExist();
    assertThat(p).doesNotExist();
  }

  @Test
  void commit_entryNeverSet_throwsAndAbortLeavesNothing() throws Exception {
    Path p = dir.resolve("u.fidx");
    FixedIndexWriter w = FixedIndexWriter.create(p, 3 * 4096, 4096, UUID.randomUUID(), 0);
    w.setDigest(0, ChunkDigest.sha256(new byte[1]));
    w.setDigest(2, ChunkDigest.sha256(new byte[2]));
    assertThatThrownBy(() -> w.commit(false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("entry 1");
    w.abort();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void commit_replacesExistingFinal_andWriterRejectsFurtherUse() throws Exception {
    Path p = dir.resolve("r.fidx");
    Files.write(p, new byte[] {1, 2, 3});
    FixedIndexWriter w = FixedIndexWriter.create(p, 4096, 4096, UUID.randomUUID(), 0);
    assertThat(Files.readAllBytes(p)).containsExactly(1, 2, 3);
    w.setDigest(0, ChunkDigest.sha256(new byte[3]));
    w.commit(false);
    assertThatThrownBy(() -> w.setDigest(0, ChunkDigest.sha256(new byte[3])))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.commit(false)).isInstanceOf(IllegalStateException.class);
    w.close();
    assertThat(Files.size(p)).isEqualTo(4096 + 32);
  }

  @Test
  void setDigest_overwrite_lastWins() throws Exception {
    Path p = dir.resolve("o.fidx");
    try (FixedIndexWriter w = FixedIndexWriter.create(p, 4096, 4096, UUID.randomUUID(), 0)) {
      w.setDigest(0, ChunkDigest.sha256(new byte[1]));
      w.setDigest(0, ChunkDigest.sha256(new byte[2]));
      w.commit(false);
    }
    try (FixedIndexReader r = FixedIndexReader.open(p)) {
      assertThat(r.digest(0)).isEqualTo(ChunkDigest.sha256(new byte[2]));
    }
  }

  @Test
  void create_invalidChunkSize_throwsIllegalArgument() {
    assertThatThrownBy(
            () -> FixedIndexWriter.create(dir.resolve("i.fidx"), 10, 3000, UUID.randomUUID(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void setDigest_outOfRange_throws() throws Exception {
    try (FixedIndexWriter w =
        FixedIndexWriter.create(dir.resolve("o.fidx"), 4096, 4096, UUID.randomUUID(), 0)) {
      assertThatThrownBy(() -> w.setDigest(1, ChunkDigest.sha256(new byte[1])))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void writer_uuidAndCtime_readBack() throws Exception {
    UUID u = UUID.randomUUID();
    Path p = dir.resolve("u.fidx");
    try (FixedIndexWriter w = FixedIndexWriter.create(p, 0, 4096, u, -5)) {
      w.commit(false);
    }
    try (FixedIndexReader r = FixedIndexReader.open(p)) {
      assertThat(r.uuid()).isEqualTo(u);
      assertThat(r.ctime()).isEqualTo(-5);
    }
  }

  @Test
  void randomDigests_roundTrip_inAnyOrder(Seeds.Seed testSeed) throws Exception {
    long seed = testSeed.value();
    Random rnd = testSeed.random();
    int n = 1 + rnd.nextInt(500);
    ChunkDigest[] d = TestIndexes.randomDigests(rnd, n);
    Path p = dir.resolve("x.fidx");
    try (FixedIndexWriter w =
        FixedIndexWriter.create(
            p, (long) n * 4096 - rnd.nextInt(4096), 4096, UUID.randomUUID(), 0)) {
      for (int i = n - 1; i >= 0; i--) {
        w.setDigest(i, d[i]);
      }
      w.commit(false);
    }
    try (FixedIndexReader r = FixedIndexReader.open(p)) {
      assertThat(r.count()).as("seed %d", seed).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        assertThat(r.digest(i)).as("seed %d entry %d", seed, i).isEqualTo(d[i]);
      }
      r.verify();
    }
  }

  @Test
  void commit_renameFails_throwsAndRemovesTemp() throws Exception {
    Path p = dir.resolve("blocked.fidx");
    Files.createDirectory(p);
    Files.write(p.resolve("keep"), new byte[1]); // rename onto a non-empty directory fails
    FixedIndexWriter w = FixedIndexWriter.create(p, 1, 4096, UUID.randomUUID(), 0);
    w.setDigest(0, ChunkDigest.sha256(new byte[1]));
    assertThatThrownBy(() -> w.commit(false)).isInstanceOf(java.io.IOException.class);
    assertThat(w.tempPath()).doesNotExist();
    assertThat(p.resolve("keep")).exists();
    w.close();
  }
}
