package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FileMagicTest {

  @ParameterizedTest
  @EnumSource(FileMagic.class)
  void magic_equalsSha256PrefixOfDescriptor(FileMagic magic) {
    byte[] sha =
        ChunkDigest.newSha256().digest(magic.descriptor().getBytes(StandardCharsets.US_ASCII));
    assertThat(magic.bytes()).isEqualTo(Arrays.copyOf(sha, FileMagic.SIZE));
  }

  @ParameterizedTest
  @EnumSource(FileMagic.class)
  void littleEndianValue_roundTrips(FileMagic magic) {
    assertThat(FileMagic.fromLittleEndian(magic.littleEndianValue())).isSameAs(magic);
    byte[] le = new byte[8];
    java.nio.ByteBuffer.wrap(le)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(magic.littleEndianValue());
    assertThat(HexFormat.of().formatHex(le)).isEqualTo(magic.hex());
  }
}
