package org.jpbs.datastore.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden vectors computed by the real PBS chunker (src/test/resources/vectors/README.md). */
class ChunkerTest {
  private static final String[] FEEDS = {
    "whole", "cycle_1_7_4096_65537", "cycle_65537_4096_7_1_1000003", "bytewise"
  };

  static Stream<Arguments> vectorsAndFeeds() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode v : vectors()) {
      for (String feed : FEEDS) {
        out.add(Arguments.of(v.get("name").asText(), feed, v));
      }
    }
    return out.stream();
  }

  private static JsonNode vectors() throws IOException {
    try (InputStream in = ChunkerTest.class.getResourceAsStream("/vectors/chunker.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      assertThat(root.get("vectors")).hasSizeGreaterThanOrEqualTo(12);
      return root.get("vectors");
    }
  }

  @ParameterizedTest(name = "{0} fed {1}")
  @MethodSource("vectorsAndFeeds")
  void scan_goldenVector_boundariesAndDigestsMatch(String name, String feed, JsonNode v) {
    byte[] input = input(v);
    assertThat(ChunkDigest.sha256(input).toHex()).isEqualTo(v.get("input_sha256").asText());
    List<Long> ends = chunk(input, v.get("chunk_size_avg").asInt(), feed);

    List<Long> expected = new ArrayList<>();
    v.get("ends").forEach(e -> expected.add(e.asLong()));
    assertThat(ends).as(name + " / " + feed).isEqualTo(expected);

    long start = 0;
    for (int i = 0; i < ends.size(); i++) {
      int end = Math.toIntExact(ends.get(i));
      assertThat(ChunkDigest.sha256(input, (int) start, end - (int) start).toHex())
          .as("chunk %d sha256", i)
          .isEqualTo(v.get("sha256").get(i).asText());
      start = end;
    }
  }

  @Test
  void table_matchesSpecChecksum() {
    ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    for (int t : Chunker.BUZHASH_TABLE) {
      b.putInt(t);
    }
    assertThat(ChunkDigest.sha256(b.array()).toHex())
        .isEqualTo("5b52080d38287da9d2e278466e3e0db7ec98e5e8b226f50612a56fa012b1f660");
  }

  @Test
  void specVectorB1_counterMiB_avg64k() {
    ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 262144; i++) {
      b.putInt(i);
    }
    assertThat(chunk(b.array(), 64 * 1024, "whole"))
        .containsExactly(143377L, 405521L, 667665L, 929809L, 1048576L);
  }

  @Test
  void constructor_nonPowerOfTwo_rejected() {
    assertThatThrownBy(() -> new Chunker(3 * 1024 * 1024))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Feeds {@code input} per pattern, the way pbs-client's ChunkStream drives the chunker. */
  static List<Long> chunk(byte[] input, int avg, String feed) {
    Chunker c = new Chunker(avg);
    int[] cycle = pattern(feed);
    List<Long> ends = new ArrayList<>();
    int pos = 0;
    int k = 0;
    while (pos < input.length) {
      int piece =
          cycle == null
              ? input.length - pos
              : Math.min(cycle[k++ % cycle.length], input.length - pos);
      int off = pos;
      int rem = piece;
      while (rem > 0) {
        int n = c.scan(input, off, rem);
        if (n == 0) {
          break;
        }
        off += n;
        rem -= n;
        ends.add((long) off);
      }
      pos += piece;
    }
    if (ends.isEmpty() || ends.get(ends.size() - 1) != input.length) {
      ends.add((long) input.length);
    }
    return ends;
  }

  private static int[] pattern(String feed) {
    switch (feed) {
      case "whole":
        return null;
      case "cycle_1_7_4096_65537":
        return new int[] {1, 7, 4096, 65537};
      case "cycle_65537_4096_7_1_1000003":
        return new int[] {65537, 4096, 7, 1, 1000003};
      case "bytewise":
        return new int[] {1};
      default:
        throw new IllegalArgumentException(feed);
    }
  }

  static byte[] input(JsonNode v) {
    byte[] out = new byte[v.get("length").asInt()];
    int off = 0;
    for (JsonNode p : v.get("input").get("parts")) {
      int len = p.get("length").asInt();
      switch (p.get("kind").asText()) {
        case "splitmix64":
          SplitMix64.fill(p.get("seed").asLong(), out, off, len);
          break;
        case "splitmix64_and_0x0f":
          SplitMix64.fill(p.get("seed").asLong(), out, off, len);
          for (int i = off; i < off + len; i++) {
            out[i] &= 0x0F;
          }
          break;
        case "zeros":
          break;
        default:
          throw new IllegalArgumentException(p.toString());
      }
      off += len;
    }
    assertThat(HexFormat.of().formatHex(out, 0, 16)).isEqualTo(v.get("input_first16_hex").asText());
    return out;
  }
}
