package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataBlobTest {

  @Test
  void encode_hello_uncompressed_matchesSpecVector() {
    DataBlob blob = DataBlob.encode("hello".getBytes(StandardCharsets.US_ASCII), false);
    assertThat(HexFormat.of().formatHex(blob.rawData()))
        .isEqualTo("42ab3807be8370a1" + "86a61036" + "68656c6c6f");
  }

  @Test
  void encode_empty_isTwelveByteUncompressedBlob() throws Exception {
    DataBlob blob = DataBlob.encode(new byte[0], true);
    assertThat(blob.rawSize()).isEqualTo(12);
    assertThat(blob.kind()).isEqualTo(BlobKind.UNCOMPRESSED);
    assertThat(DataBlob.parse(blob.rawData(), "t").decode("t")).isEmpty();
  }

  @Test
  void encode_compressible_isZstdAndDecodes() throws Exception {
    byte[] data = new byte[4 * 1024 * 1024];
    DataBlob blob = DataBlob.encode(data, true);
    assertThat(blob.kind()).isEqualTo(BlobKind.COMPRESSED);
    assertThat(blob.rawSize()).isLessThan(1024);
    assertThat(DataBlob.parse(blob.rawData(), "t").decode("t")).isEqualTo(data);
    assertThat(ChunkDigest.sha256(data).toHex())
        .isEqualTo("bb9f8df61474d25e71fa00722318cd387396ca1736605e1248821cc0de3d3af8");
  }

  @Test
  void encode_incompressible_staysUncompressed() throws Exception {
    byte[] data = new byte[4096];
    new Random(42).nextBytes(data);
    DataBlob blob = DataBlob.encode(data, true);
    assertThat(blob.kind()).isEqualTo(BlobKind.UNCOMPRESSED);
    assertThat(blob.decode("t")).isEqualTo(data);
  }

  @Test
  void parse_crcMismatch_throwsCorruptWithOffset() {
    byte[] raw = DataBlob.encode("hello".getBytes(StandardCharsets.US_ASCII), false).rawData();
    raw[14] ^= 1;
    assertThatThrownBy(() -> DataBlob.parse(raw, "x.blob"))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("x.blob")
        .satisfies(e -> assertThat(((CorruptFileException) e).offset()).isEqualTo(8));
  }

  @Test
  void parse_unknownMagic_throwsUnsupported() {
    byte[] raw = DataBlob.encode(new byte[3], false).rawData();
    raw[0] ^= 1;
    assertThatThrownBy(() -> DataBlob.parse(raw, "x"))
        .isInstanceOf(UnsupportedFormatException.class);
  }

  @Test
  void encrypted_parsesOpaqueAndChecksCrc() throws Exception {
    byte[] iv = new byte[16];
    byte[] tag = new byte[16];
    iv[0] = 7;
    tag[15] = 9;
    DataBlob blob = DataBlob.assembleEncrypted(true, iv, tag, new byte[] {1, 2, 3});
    DataBlob back = DataBlob.parse(blob.rawData(), "e");
    assertThat(back.kind()).isEqualTo(BlobKind.ENCRYPTED_COMPRESSED);
    assertThat(back.iv()).isEqualTo(iv);
    assertThat(back.tag()).isEqualTo(tag);
    // IV is not covered by the CRC (spec §2.2): flipping it still parses.
    assertThat(DataBlob.parse(CorruptFiles.flipByte(blob.rawData(), 12, 1), "e").kind())
        .isEqualTo(BlobKind.ENCRYPTED_COMPRESSED);
    assertThatThrownBy(
            () ->
                DataBlob.parse(
                    CorruptFiles.flipByte(blob.rawData(), BlobFormat.ENCRYPTED_HEADER_SIZE, 1),
                    "e"))
        .isInstanceOf(CorruptFileException.class);
    assertThatThrownBy(() -> back.decode("e")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void verifyUnencrypted_wrongDigest_throws() {
    byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
    DataBlob blob = DataBlob.encode(data, true);
    assertThatThrownBy(() -> blob.verifyUnencrypted(3, ChunkDigest.sha256(new byte[] {1}), "c"))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("digest mismatch");
  }
}
