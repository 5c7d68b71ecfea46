package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkPathTest {
  private static final String HEX =
      "bb9f8df61474d25e71fa00722318cd387396ca1736605e1248821cc0de3d3af8";

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
    String name =
        spec.replace("UPPER", HEX.toUpperCase())
            .replace("SHORT", HEX.substring(1))
            .replace("LONG", HEX + "0")
            .replace("NONHEX", HEX.substring(0, 63) + "g")
            .replace("HEX", HEX);
    assertThat(ChunkPath.classify(name)).as("string form of %s", name).isEqualTo(expected);
    byte[] b = name.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(b.length + 8);
    buf.position(3);
    buf.put(b).put((byte) 0).put((byte) 'x');
    assertThat(ChunkPath.classify(buf, 3, 3 + b.length + 1))
        .as("byte form of %s", name)
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"64", "70"})
  void classify_nonAsciiName_isNone(int len) {
    String name = HEX + "é".repeat(len - 64);
    assertThat(ChunkPath.classify(name.substring(0, len)))
        .isEqualTo(len == 64 ? ChunkPath.CHUNK : ChunkPath.NONE);
  }

  /**
   * Every length 0..80, every position of the name, every byte value there: the SWAR classifier
   * agrees with the byte-at-a-time reference, with and without a NUL terminator inside {@code end}.
   */
  @ParameterizedTest(name = "base {0}")
  @ValueSource(strings = {"lower", "upper", "mixed", "bad-suffix", "other-suffix"})
  void classify_everyByteAtEveryPosition_matchesReference(String base) {
    byte[] template = baseName(base);
    ByteBuffer buf = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer bigEndian = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
    int off = 5;
    long checked = 0;
    for (int len = 0; len <= 80; len++) {
      for (int pos = 0; pos < Math.max(len, 1); pos++) {
        for (int v = 0; v < 256; v++) {
          for (int terminated = 0; terminated < 2; terminated++) {
            for (int i = 0; i < buf.capacity(); i++) {
              buf.put(i, (byte) 'x'); // garbage around the name
            }
            for (int i = 0; i < len; i++) {
              buf.put(off + i, template[i]);
            }
            if (len > 0) {
              buf.put(off + pos, (byte) v);
            }
            int end = off + len;
            if (terminated == 1) {
              buf.put(end, (byte) 0);
              end += 1 + (pos % 3); // slack after the NUL, as in a dirent
            }
            int expected = reference(buf, off, end);
            int actual = ChunkPath.classify(buf, off, end);
            if (len == pos + 1 && ChunkPath.classify(bigEndian, off, end) != actual) {
              actual = -1; // byte order must not matter (checked for one position per length)
            }
            if (actual != expected) {
              assertThat(actual)
                  .as(
                      "base %s len %d pos %d byte 0x%02x terminated %d",
                      base, len, pos, v, terminated)
                  .isEqualTo(expected);
            }
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(2L * 256 * (1 + (80 * 81) / 2));
  }

  private static byte[] baseName(String base) {
    String hex80 = HEX + HEX.substring(0, 16);
    String name;
    switch (base) {
      case "lower":
        name = hex80;
        break;
      case "upper":
        name = hex80.toUpperCase();
        break;
      case "mixed":
        name = "aB3dEf90".repeat(10);
        break;
      case "bad-suffix":
        name = HEX + ".7.bad" + "0123456789";
        break;
      default:
        name = HEX + ".x.bax" + "0123456789";
        break;
    }
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  /** The byte-at-a-time classifier the SWAR one replaced (spec §1.2 filter, verbatim). */
  private static int reference(ByteBuffer buf, int off, int end) {
    int len = 0;
    while (off + len < end && buf.get(off + len) != 0) {
      len++;
      if (len > ChunkPath.BAD_LENGTH) {
        return ChunkPath.NONE;
      }
    }
    if (len != ChunkPath.HEX_LENGTH && len != ChunkPath.BAD_LENGTH) {
      return ChunkPath.NONE;
    }
    for (int i = 0; i < ChunkPath.HEX_LENGTH; i++) {
      byte c = buf.get(off + i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return ChunkPath.NONE;
      }
    }
    if (len == ChunkPath.BAD_LENGTH
        && buf.get(off + 66) == '.'
        && buf.get(off + 67) == 'b'
        && buf.get(off + 68) == 'a'
        && buf.get(off + 69) == 'd') {
      return ChunkPath.BAD;
    }
    return ChunkPath.CHUNK;
  }

  private static boolean isHexByte(int b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  /**
   * Each of the 8 lanes takes every byte value while the other lanes hold a hex or a non-hex byte.
   */
  @Test
  void allHex_everyByteInEveryLane_matchesPerByteTest() {
    int[] fillers = {'0', '9', 'a', 'f', 'A', 'F', 'g', 0x80, 0x00, '/', ':', '@', 'G', '`'};
    for (int filler : fillers) {
      for (int lane = 0; lane < 8; lane++) {
        for (int v = 0; v < 256; v++) {
          long w = 0;
          boolean expected = true;
          for (int i = 0; i < 8; i++) {
            int b = i == lane ? v : filler;
            w |= (long) b << (8 * i);
            expected &= isHexByte(b);
          }
          assertThat(ChunkPath.allHex(w))
              .as("filler 0x%02x lane %d byte 0x%02x", filler, lane, v)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void allHex_randomWordsSeeded_matchesPerByteTest() {
    long seed = 0x5EEDC0DEL;
    SplittableRandom r = new SplittableRandom(seed);
    byte[] alphabet =
        "0123456789abcdefABCDEF/:@G`g\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    for (int n = 0; n < 1_000_000; n++) {
      long w = 0;
      boolean expected = true;
      for (int i = 0; i < 8; i++) {
        int b = (n & 1) == 0 ? r.nextInt(256) : alphabet[r.nextInt(alphabet.length)] & 0xFF;
        w |= (long) b << (8 * i);
        expected &= isHexByte(b);
      }
      if (ChunkPath.allHex(w) != expected) {
        assertThat(ChunkPath.allHex(w)).as("seed %d word %016x", seed, w).isEqualTo(expected);
      }
    }
  }

  @Test
  void renderings_agreeWithEachOther_andParseBack() {
    long seed = 0x9a7L;
    SplittableRandom rnd = new SplittableRandom(seed);
    java.nio.file.Path chunks = java.nio.file.Path.of("/s/.chunks");
    ChunkPath.Buffer buf = new ChunkPath.Buffer();
    for (int i = 0; i < 200; i++) {
      byte[] raw = new byte[32];
      rnd.nextBytes(raw);
      org.jpbs.format.ChunkDigest d = org.jpbs.format.ChunkDigest.of(raw);
      String hex = d.toHex();
      java.nio.file.Path path = ChunkPath.of(chunks, d);
      assertThat(path)
          .as("seed %d", seed)
          .isEqualTo(chunks.resolve(hex.substring(0, 4) + "/" + hex));
      assertThat(path.getParent().getFileName().toString())
          .isEqualTo(ChunkPath.prefixName(d.prefix()));
      assertThat(ChunkPath.badCopy(chunks, d, i % 10).getFileName().toString())
          .isEqualTo(hex + "." + (i % 10) + ".bad");
      // the directory name written over the path buffer, then a chunk path again
      assertThat(new com.sun.jna.Pointer(buf.directoryPath(d.prefix())).getString(0, "US-ASCII"))
          .isEqualTo(hex.substring(0, 4));
      assertThat(new com.sun.jna.Pointer(buf.chunkPath(d)).getString(0, "US-ASCII"))
          .isEqualTo(hex.substring(0, 4) + "/" + hex);
      String name = path.getFileName().toString();
      assertThat(ChunkPath.classify(name)).isEqualTo(ChunkPath.CHUNK);
      for (int w = 0; w < 4; w++) {
        assertThat(ChunkPath.word(name, w)).isEqualTo(d.word(w));
      }
    }
  }

  /** The word of a raw getdents name: either byte order, either case, any offset. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void word_rawNameInBuffer_equalsDigestWord(boolean littleEndian) {
    SplittableRandom rnd = new SplittableRandom(littleEndian ? 7 : 8);
    ByteOrder order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    for (int i = 0; i < 2000; i++) {
      org.jpbs.format.ChunkDigest d =
          org.jpbs.format.ChunkDigest.ofWords(
              rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), i % 3 == 0 ? -1L : rnd.nextLong());
      String hex = i % 2 == 0 ? d.toHex() : d.toHex().toUpperCase(java.util.Locale.ROOT);
      int off = 1 + rnd.nextInt(40);
      ByteBuffer buf = ByteBuffer.allocate(128).order(order);
      buf.put(off, hex.getBytes(StandardCharsets.US_ASCII));
      for (int w = 0; w < 4; w++) {
        assertThat(ChunkPath.word(buf, off, w)).as("%s word %d", hex, w).isEqualTo(d.word(w));
      }
    }
  }
}
