package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded property-style round trips: writer → reader for random sizes (seed in the display name).
 */
class IndexRoundTripTest {
  @TempDir Path dir;

  /** (seed, entry count): fixed edge counts plus random ones, and a 100k-entry file. */
  static Stream<Arguments> cases() {
    long base = 0x5EED_2026L;
    Stream<Arguments> edges =
        Stream.of(
            Arguments.of(base, 0),
            Arguments.of(base + 1, 1),
            Arguments.of(base + 2, 2),
            Arguments.of(base + 3, 100_000));
    Stream<Arguments> random =
        LongStream.range(0, 12)
            .mapToObj(
                i -> {
                  long seed = base * 31 + i;
                  return Arguments.of(seed, new Random(seed).nextInt(3000));
                });
    return Stream.concat(edges, random);
  }

  @ParameterizedTest(name = "seed={0} n={1}")
  @MethodSource("cases")
  void fixed_writeThenRead_identical(long seed, int n) throws Exception {
    Random rnd = new Random(seed);
    ChunkDigest[] d = TestIndexes.randomDigests(rnd, n);
    int chunkSize = 1 << (12 + rnd.nextInt(11));
    long last = n == 0 ? 0 : 1 + rnd.nextInt(chunkSize);
    Path p = TestIndexes.writeFixed(dir.resolve("rt.fidx"), chunkSize, last, d);
    try (IndexFile r = IndexFiles.open(p)) {
      assertThat(r.count()).as("seed %d", seed).isEqualTo(n);
      assertThat(r.indexBytes())
          .as("seed %d", seed)
          .isEqualTo(n == 0 ? 0 : (long) (n - 1) * chunkSize + last);
      byte[] buf = new byte[32];
      for (int i = 0; i < n; i++) {
        r.copyDigest(i, buf, 0);
        assertThat(ChunkDigest.of(buf)).as("seed %d entry %d", seed, i).isEqualTo(d[i]);
      }
      r.verify();
    }
  }

  @ParameterizedTest(name = "seed={0} n={1}")
  @MethodSource("cases")
  void dynamic_writeThenRead_identical(long seed, int n) throws Exception {
    Random rnd = new Random(seed);
    ChunkDigest[] d = TestIndexes.randomDigests(rnd, n);
    long[] ends = new long[n];
    long end = 0;
    for (int i = 0; i < n; i++) {
      end += 1 + rnd.nextInt(16 << 20);
      ends[i] = end;
    }
    Path p = TestIndexes.writeDynamic(dir.resolve("rt.didx"), ends, d);
    try (IndexFile r = IndexFiles.open(p)) {
      DynamicIndexReader dr = (DynamicIndexReader) r;
      assertThat(r.count()).as("seed %d", seed).isEqualTo(n);
      assertThat(r.indexBytes()).as("seed %d", seed).isEqualTo(end);
      for (int i = 0; i < n; i++) {
        assertThat(dr.chunkEnd(i)).as("seed %d entry %d", seed, i).isEqualTo(ends[i]);
        for (int w = 0; w < 4; w++) {
          assertThat(r.digestWord(i, w)).as("seed %d entry %d", seed, i).isEqualTo(d[i].word(w));
        }
      }
      r.verify();
    }
  }
}
