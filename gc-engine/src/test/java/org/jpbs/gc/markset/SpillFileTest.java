package org.jpbs.gc.markset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Random;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged or short spill file is a one-line error naming the file, never a missing member. */
class SpillFileTest {
  @TempDir Path dir;

  /** Every digest in group 0x42, so its runs hold all of them; returns the finished set. */
  private MarkSet spilledSet(Random rnd) throws IOException {
    try (MarkSetWriter w = MarkSetWriter.open(dir, MarkSetWriter.MIN_MEMORY_BUDGET)) {
      for (int i = 0; i < 2_000; i++) {
        ChunkDigest d = TestDigests.next(rnd, 1);
        w.add(d.word(0) | 0x42L << 56, d.word(1), d.word(2), d.word(3));
      }
      return w.finish();
    }
  }

  @Test
  void load_recordByteFlipped_throwsCorruptNamingFile() throws IOException {
    try (MarkSet set = spilledSet(TestDigests.random("flip record"))) {
      flip(set.spillPath(), SpillFile.HEADER_SIZE + 5); // a record of the first run
      MarkPartition p = set.newPartition();
      assertThatThrownBy(() -> loadGroup(p, 0x42))
          .isInstanceOf(CorruptFileException.class)
          .hasMessageContaining("checksum mismatch")
          .hasMessageContaining(set.spillPath().toString());
      assertThat(p.prefix()).isEqualTo(-1);
      assertThatThrownBy(() -> p.contains(1, 2, 3, 4)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void load_headerByteFlipped_throwsCorruptNamingFile() throws IOException {
    try (MarkSet set = spilledSet(TestDigests.random("flip header"))) {
      flip(set.spillPath(), 20); // the partition table of the first run
      assertThatThrownBy(() -> set.newPartition().load(0x4200))
          .isInstanceOf(CorruptFileException.class)
          .hasMessageContaining("header checksum mismatch")
          .hasMessageContaining(set.spillPath().toString());
    }
  }

  @Test
  void load_truncatedSpillFile_throwsCorruptNamingFile() throws IOException {
    try (MarkSet set = spilledSet(TestDigests.random("truncate"))) {
      try (RandomAccessFile f = new RandomAccessFile(set.spillPath().toFile(), "rw")) {
        f.setLength(f.length() - 100);
      }
      assertThatThrownBy(() -> loadGroup(set.newPartition(), 0x42))
          .isInstanceOf(CorruptFileException.class)
          .hasMessageContaining("truncated")
          .hasMessageContaining(set.spillPath().toString());
    }
  }

  @Test
  void load_intactSpillFile_everyGroupPartitionReadable() throws IOException {
    try (MarkSet set = spilledSet(TestDigests.random("intact"))) {
      assertThat(set.spilledBytes()).isPositive();
      MarkPartition p = set.newPartition();
      int total = 0;
      for (int i = 0; i < 256; i++) {
        p.load(0x4200 | i);
        total += p.size();
      }
      assertThat(total).isEqualTo(2_000);
    }
  }

  private static void loadGroup(MarkPartition p, int group) throws IOException {
    for (int i = 0; i < 256; i++) {
      p.load(group << 8 | i);
    }
  }

  private static void flip(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x10);
    }
  }
}
