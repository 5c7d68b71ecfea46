package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Java counterpart of PBS's {@code static_assert_size!} on the index headers. */
class IndexFormatTest {

  @Test
  void fixedHeader_fieldSizes_sumTo4096() {
    int sum =
        FileMagic.SIZE
            + IndexHeaderFormat.UUID_SIZE
            + IndexHeaderFormat.CTIME_SIZE
            + IndexHeaderFormat.CSUM_SIZE
            + FixedIndexFormat.SIZE_SIZE
            + FixedIndexFormat.CHUNK_SIZE_SIZE
            + FixedIndexFormat.RESERVED_SIZE;
    assertThat(sum).isEqualTo(4096).isEqualTo(FixedIndexFormat.HEADER_SIZE);
    assertThat(FixedIndexFormat.RESERVED_SIZE).isEqualTo(4016);
    assertThat(
            new int[] {
              IndexHeaderFormat.UUID_OFFSET,
              IndexHeaderFormat.CTIME_OFFSET,
              IndexHeaderFormat.CSUM_OFFSET,
              FixedIndexFormat.SIZE_OFFSET,
              FixedIndexFormat.CHUNK_SIZE_OFFSET,
              FixedIndexFormat.RESERVED_OFFSET
            })
        .containsExactly(8, 24, 32, 64, 72, 80);
  }

  @Test
  void dynamicHeader_fieldSizes_sumTo4096() {
    int sum =
        FileMagic.SIZE
            + IndexHeaderFormat.UUID_SIZE
            + IndexHeaderFormat.CTIME_SIZE
            + IndexHeaderFormat.CSUM_SIZE
            + DynamicIndexFormat.RESERVED_SIZE;
    assertThat(sum).isEqualTo(4096).isEqualTo(DynamicIndexFormat.HEADER_SIZE);
    assertThat(DynamicIndexFormat.RESERVED_SIZE).isEqualTo(4032);
    assertThat(DynamicIndexFormat.ENTRY_SIZE).isEqualTo(40);
    assertThat(DynamicIndexFormat.ENTRY_DIGEST_OFFSET).isEqualTo(8);
  }

  @Test
  void entryCount_isCeilingOfSizeOverChunkSize() {
    assertThat(FixedIndexFormat.entryCount(0, 4096)).isZero();
    assertThat(FixedIndexFormat.entryCount(1, 4096)).isEqualTo(1);
    assertThat(FixedIndexFormat.entryCount(4096, 4096)).isEqualTo(1);
    assertThat(FixedIndexFormat.entryCount(4097, 4096)).isEqualTo(2);
    assertThat(FixedIndexFormat.fileLength(2)).isEqualTo(4160);
  }

  @Test
  void entryCount_chunkSizeNotPowerOfTwo_throws() {
    assertThatThrownBy(() -> FixedIndexFormat.entryCount(10, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FixedIndexFormat.entryCount(10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FixedIndexFormat.entryCount(-1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
