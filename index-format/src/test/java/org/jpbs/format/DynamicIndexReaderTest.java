package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicIndexReaderTest {
  @TempDir Path dir;

  @Test
  void open_zeroEntries_accepted() throws Exception {
    Path p = TestIndexes.writeDynamic(dir.resolve("e.didx"), new long[0]);
    try (DynamicIndexReader r = DynamicIndexReader.open(p)) {
      assertThat(r.count()).isZero();
      assertThat(r.indexBytes()).isZero();
      r.verify();
    }
  }

  @Test
  void accessors_matchWrittenEntries() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(1), 3);
    Path p =
        TestIndexes.writeDynamic(dir.resolve("a.didx"), new long[] {10, 25, 4_000_000_000_000L}, d);
    try (DynamicIndexReader r = DynamicIndexReader.open(p)) {
      assertThat(r.chunkStart(0)).isZero();
      assertThat(r.chunkEnd(0)).isEqualTo(10);
      assertThat(r.chunkStart(2)).isEqualTo(25);
      assertThat(r.indexBytes()).isEqualTo(4_000_000_000_000L);
      for (int i = 0; i < 3; i++) {
        for (int w = 0; w < 4; w++) {
          assertThat(r.digestWord(i, w)).isEqualTo(d[i].word(w));
        }
      }
      assertThatThrownBy(() -> r.chunkEnd(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void open_smallSegments_readsAcrossSegmentBoundaries() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(2), 21);
    long[] ends = new long[21];
    for (int i = 0; i < ends.length; i++) {
      ends[i] = 100L * (i + 1);
    }
    Path p = TestIndexes.writeDynamic(dir.resolve("s.didx"), ends, d);
    try (DynamicIndexReader r = DynamicIndexReader.open(p, 3)) {
      for (int i = 0; i < d.length; i++) {
        assertThat(r.digest(i)).isEqualTo(d[i]);
        assertThat(r.chunkEnd(i)).isEqualTo(ends[i]);
      }
      r.verify();
    }
  }

  @Test
  void verify_decreasingEnds_throwsCorruptAtThatEntry_butOpenAndChecksumPass() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(3), 3);
    Path p =
        TestIndexes.write(dir.resolve("dec.didx"), TestIndexes.rawDynamic(new long[] {5, 9, 8}, d));
    try (DynamicIndexReader r = DynamicIndexReader.open(p)) {
      r.verifyChecksum();
      assertThatThrownBy(r::verify)
          .isInstanceOfSatisfying(
              CorruptFileException.class,
              e -> {
                assertThat(e.offset()).isEqualTo(4096 + 2 * 40);
                assertThat(e.actual()).isEqualTo("8");
              });
    }
  }

  @Test
  void verify_endAbove2pow63_throwsCorrupt() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(4), 1);
    Path p = TestIndexes.write(dir.resolve("neg.didx"), TestIndexes.rawDynamic(new long[] {-5}, d));
    try (DynamicIndexReader r = DynamicIndexReader.open(p)) {
      assertThatThrownBy(r::verify).isInstanceOf(CorruptFileException.class);
    }
  }

  @Test
  void verify_equalEnds_accepted() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(5), 2);
    Path p =
        TestIndexes.write(dir.resolve("eq.didx"), TestIndexes.rawDynamic(new long[] {7, 7}, d));
    try (DynamicIndexReader r = DynamicIndexReader.open(p)) {
      r.verify();
    }
  }

  @Test
  void open_partialEntry_throwsCorruptNamingLengths() throws Exception {
    byte[] raw =
        TestIndexes.rawDynamic(new long[] {1}, TestIndexes.randomDigests(new Random(6), 1));
    Path p = TestIndexes.write(dir.resolve("p.didx"), CorruptFiles.truncate(raw, raw.length - 1));
    assertThatThrownBy(() -> DynamicIndexReader.open(p))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> {
              assertThat(e.expected()).isEqualTo("4096 or 4136 bytes");
              assertThat(e.actual()).isEqualTo("4135 bytes");
              assertThat(e.resource()).isEqualTo(p.toString());
            });
  }

  @Test
  void open_fixedIndex_throwsUnsupported() throws Exception {
    Path p =
        TestIndexes.writeFixed(
            dir.resolve("f.didx"), 4096, 1, TestIndexes.randomDigests(new Random(7), 1));
    assertThatThrownBy(() -> DynamicIndexReader.open(p))
        .isInstanceOf(UnsupportedFormatException.class);
  }

  @Test
  void close_twice_isIdempotent_andUseAfterCloseThrows() throws Exception {
    Path p =
        TestIndexes.writeDynamic(
            dir.resolve("c.didx"), new long[] {1}, TestIndexes.randomDigests(new Random(8), 1));
    DynamicIndexReader r = DynamicIndexReader.open(p);
    r.close();
    r.close();
    assertThatThrownBy(() -> r.chunkEnd(0)).isInstanceOf(IndexFile.AlreadyClosedException.class);
    assertThatThrownBy(r::indexBytes).isInstanceOf(IndexFile.AlreadyClosedException.class);
  }
}
