package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkNameTest {
  private static final String HEX = "bb9f8df61474d25e71fa00722318cd387396ca1736605e1248821cc0de3d3af8";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "HEX, 1",
    "UPPER, 1",
    "HEX.0.bad, 2",
    "HEX.9.bad, 2",
    "HEX.0.bax, 1",
    "HEX.abcde, 1",
    "HEX.10.bad, 0",
    "HEX.bad, 0",
    "HEX.tmp_abcdef, 0",
    "SHORT, 0",
    "LONG, 0",
    "NONHEX, 0",
    "'', 0",
  })
  void classify_name_matchesPbsFilter(String spec, int expected) {
    String name = spec.replace("UPPER", HEX.toUpperCase())
        .replace("SHORT", HEX.substring(1))
        .replace("LONG", HEX + "0")
        .replace("NONHEX", HEX.substring(0, 63) + "g")
        .replace("HEX", HEX);
    assertThat(ChunkName.classify(name)).as("string form of %s", name).isEqualTo(expected);
    byte[] b = name.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(b.length + 8);
    buf.position(3);
    buf.put(b).put((byte) 0).put((byte) 'x');
    assertThat(ChunkName.classify(buf, 3, 3 + b.length + 1)).as("byte form of %s", name).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"64", "70"})
  void classify_nonAsciiName_isNone(int len) {
    String name = HEX + "é".repeat(len - 64);
    assertThat(ChunkName.classify(name.substring(0, len))).isEqualTo(len == 64 ? ChunkName.CHUNK : ChunkName.NONE);
  }
}
