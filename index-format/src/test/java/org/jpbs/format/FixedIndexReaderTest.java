package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixedIndexReaderTest {
  @TempDir Path dir;

  @Test
  void open_zeroEntries_accepted() throws Exception {
    Path p = TestIndexes.writeFixed(dir.resolve("e.fidx"), 4096, 0);
    try (FixedIndexReader r = FixedIndexReader.open(p)) {
      assertThat(r.count()).isZero();
      assertThat(r.indexBytes()).isZero();
      r.verify();
    }
  }

  @Test
  void digestWord_matchesChunkDigestWord_andCopyDigest() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(1), 5);
    Path p = TestIndexes.writeFixed(dir.resolve("a.fidx"), 4096, 7, d);
    try (FixedIndexReader r = FixedIndexReader.open(p)) {
      byte[] buf = new byte[40];
      for (int i = 0; i < d.length; i++) {
        for (int w = 0; w < 4; w++) {
          assertThat(r.digestWord(i, w)).isEqualTo(d[i].word(w));
        }
        r.copyDigest(i, buf, 8);
        assertThat(ChunkDigest.of(buf, 8)).isEqualTo(d[i]);
      }
      assertThat(r.size()).isEqualTo(4 * 4096 + 7);
      assertThatThrownBy(() -> r.digestWord(5, 0)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> r.digestWord(0, 4)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> r.copyDigest(0, buf, 9))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void open_smallSegments_readsAcrossSegmentBoundaries() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(2), 37);
    Path p = TestIndexes.writeFixed(dir.resolve("s.fidx"), 1 << 20, 1, d);
    try (FixedIndexReader big = FixedIndexReader.open(p);
        FixedIndexReader small = FixedIndexReader.open(p, 2)) {
      for (int i = 0; i < d.length; i++) {
        assertThat(small.digest(i)).isEqualTo(d[i]);
      }
      assertThat(small.computeChecksum()).isEqualTo(big.computeChecksum());
      small.verifyChecksum();
    }
  }

  @Test
  void forEachMapping_givesReadOnlyEntryArea_perSegment_andNothingAfterClose() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(4), 37);
    Path p = TestIndexes.writeFixed(dir.resolve("m.fidx"), 4096, 1, d);
    FixedIndexReader r = FixedIndexReader.open(p, 2); // segments of 4 entries: 10 mappings
    List<ByteBuffer> maps = new ArrayList<>();
    r.forEachMapping(maps::add);
    assertThat(maps).hasSize(10).allSatisfy(b -> assertThat(b.isReadOnly()).isTrue());
    assertThat(maps).allSatisfy(b -> assertThat(b.isDirect()).isTrue());
    assertThat(maps.stream().mapToInt(ByteBuffer::capacity).sum()).isEqualTo(37 * 32);
    // the first segment starts with digest 0, as the file stores it (big-endian words)
    assertThat(maps.get(0).duplicate().order(ByteOrder.BIG_ENDIAN).getLong(0))
        .isEqualTo(d[0].word(0));
    r.close();
    assertThatThrownBy(() -> r.forEachMapping(maps::add))
        .isInstanceOf(IndexFile.AlreadyClosedException.class);
  }

  @Test
  void close_twice_isIdempotent_andUseAfterCloseThrows() throws Exception {
    Path p =
        TestIndexes.writeFixed(
            dir.resolve("c.fidx"), 4096, 1, TestIndexes.randomDigests(new Random(3), 2));
    FixedIndexReader r = FixedIndexReader.open(p);
    r.close();
    r.close();
    assertThatThrownBy(() -> r.digestWord(0, 0))
        .isInstanceOf(IndexFile.AlreadyClosedException.class)
        .hasMessageContaining(p.toString());
    assertThatThrownBy(r::count).isInstanceOf(IndexFile.AlreadyClosedException.class);
    assertThatThrownBy(r::verifyChecksum).isInstanceOf(IndexFile.AlreadyClosedException.class);
  }

  @Test
  void open_blobMagic_throwsUnsupported() throws Exception {
    Path p =
        TestIndexes.write(dir.resolve("b.fidx"), DataBlob.encode(new byte[5000], false).rawData());
    assertThatThrownBy(() -> FixedIndexReader.open(p))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("42ab3807be8370a1");
  }

  @Test
  void open_dynamicIndex_throwsUnsupported() throws Exception {
    Path p = TestIndexes.write(dir.resolve("d.fidx"), TestIndexes.rawDynamic(new long[0]));
    assertThatThrownBy(() -> FixedIndexReader.open(p))
        .isInstanceOf(UnsupportedFormatException.class);
  }

  @Test
  void open_chunkSizeNotPowerOfTwo_throwsCorruptAtChunkSizeOffset() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(4), 2);
    Path p = TestIndexes.write(dir.resolve("x.fidx"), TestIndexes.rawFixed(6000, 3000, d));
    assertThatThrownBy(() -> FixedIndexReader.open(p))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> {
              assertThat(e.offset()).isEqualTo(FixedIndexFormat.CHUNK_SIZE_OFFSET);
              assertThat(e.resource()).isEqualTo(p.toString());
              assertThat(e.actual()).isEqualTo("3000");
            });
  }

  @Test
  void open_chunkSizeZero_throwsCorrupt() throws Exception {
    Path p = TestIndexes.write(dir.resolve("z.fidx"), TestIndexes.rawFixed(0, 0));
    assertThatThrownBy(() -> FixedIndexReader.open(p)).isInstanceOf(CorruptFileException.class);
  }

  @Test
  void open_sizeAbove2pow63_throwsCorrupt() throws Exception {
    Path p = TestIndexes.write(dir.resolve("n.fidx"), TestIndexes.rawFixed(-1, 4096));
    assertThatThrownBy(() -> FixedIndexReader.open(p))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> assertThat(e.actual()).isEqualTo("18446744073709551615"));
  }

  @Test
  void open_oneEntryMissing_throwsCorruptWithExpectedAndActualLength() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(5), 2);
    Path p = TestIndexes.write(dir.resolve("m.fidx"), TestIndexes.rawFixed(3 * 4096, 4096, d));
    assertThatThrownBy(() -> FixedIndexReader.open(p))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> {
              assertThat(e.expected()).isEqualTo("4192 bytes");
              assertThat(e.actual()).isEqualTo("4160 bytes");
              assertThat(e.getMessage()).contains("resource=" + p);
            });
  }

  @Test
  void open_tooSmall_throwsCorrupt() throws Exception {
    Path p = TestIndexes.write(dir.resolve("t.fidx"), FixedIndexFormat.MAGIC.bytes());
    assertThatThrownBy(() -> FixedIndexReader.open(p))
        .isInstanceOfSatisfying(
            CorruptFileException.class, e -> assertThat(e.getMessage()).contains("too small"));
  }

  @Test
  void close_unmapsImmediately_notAtGarbageCollection() throws Exception {
    Path maps = Path.of("/proc/self/maps");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isReadable(maps), "Linux /proc needed");
    Path p =
        TestIndexes.writeFixed(
            dir.resolve("mapped-probe.fidx"), 4096, 1, TestIndexes.randomDigests(new Random(9), 3));
    FixedIndexReader r = FixedIndexReader.open(p);
    assertThat(java.nio.file.Files.readString(maps)).contains(p.toString());
    r.close();
    // a GC datastore walk opens hundreds of thousands of indexes: lingering maps would hit
    // vm.max_map_count
    assertThat(java.nio.file.Files.readString(maps)).doesNotContain(p.toString());
  }
}
