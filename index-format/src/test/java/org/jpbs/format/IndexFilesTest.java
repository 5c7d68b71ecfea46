package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexFilesTest {
  @TempDir Path dir;

  @Test
  void open_byMagic_notByName() throws Exception {
    ChunkDigest[] d = TestIndexes.randomDigests(new Random(1), 2);
    Path f = TestIndexes.writeFixed(dir.resolve("looks-dynamic.didx"), 4096, 1, d);
    Path g = TestIndexes.writeDynamic(dir.resolve("looks-fixed.fidx"), new long[] {1, 2}, d);
    try (IndexFile a = IndexFiles.open(f);
        IndexFile b = IndexFiles.open(g)) {
      assertThat(a).isInstanceOf(FixedIndexReader.class);
      assertThat(a.magic()).isEqualTo(FileMagic.FIXED_SIZED_CHUNK_INDEX_1_0);
      assertThat(b).isInstanceOf(DynamicIndexReader.class);
      assertThat(b.digest(1)).isEqualTo(a.digest(1));
    }
  }

  @Test
  void open_blob_throwsUnsupportedNamingBlobMagic() throws Exception {
    Path p =
        TestIndexes.write(dir.resolve("x.fidx"), DataBlob.encode(new byte[1], false).rawData());
    assertThatThrownBy(() -> IndexFiles.open(p))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("UNCOMPRESSED_BLOB_1_0")
        .hasMessageContaining(p.toString());
  }

  @Test
  void open_unknownMagic_throwsUnsupported() throws Exception {
    Path p = TestIndexes.write(dir.resolve("u.didx"), new byte[5000]);
    assertThatThrownBy(() -> IndexFiles.open(p))
        .isInstanceOfSatisfying(
            UnsupportedFormatException.class,
            e -> assertThat(e.actualMagicHex()).startsWith("0000000000000000"));
  }

  @Test
  void open_shorterThanMagic_throwsCorrupt() throws Exception {
    Path p = TestIndexes.write(dir.resolve("s.didx"), new byte[3]);
    assertThatThrownBy(() -> IndexFiles.open(p)).isInstanceOf(CorruptFileException.class);
  }
}
