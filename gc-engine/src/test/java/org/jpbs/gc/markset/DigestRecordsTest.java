package org.jpbs.gc.markset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestRecordsTest {

  /**
   * Few distinct values force long runs of equal keys through the partition loop; 300,000 records
   * take the in-place path beyond {@link DigestRecords#KEY_SORT_MAX}.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 13, 1000, 50_000, 300_000})
  void sortUnique_matchesSortedSetOfChunkDigests(int n) {
    Random rnd = TestDigests.random("DigestRecordsTest n=" + n);
    long[] a = new long[n * 4];
    TreeSet<ChunkDigest> expected = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      // small alphabet per word: many equal words, many full duplicates, sign bits set
      for (int w = 0; w < 4; w++) {
        a[i * 4 + w] = (rnd.nextInt(3) - 1L) << 62 | rnd.nextInt(3);
      }
      expected.add(ChunkDigest.ofWords(a[i * 4], a[i * 4 + 1], a[i * 4 + 2], a[i * 4 + 3]));
    }
    int end = DigestRecords.sortUnique(LongBuffer.wrap(a), 0, n);
    List<ChunkDigest> actual = new ArrayList<>();
    for (int i = 0; i < end; i++) {
      actual.add(ChunkDigest.ofWords(a[i * 4], a[i * 4 + 1], a[i * 4 + 2], a[i * 4 + 3]));
    }
    assertThat(actual).containsExactlyElementsOf(expected);
    for (ChunkDigest d : expected) {
      assertThat(
              DigestRecords.contains(
                  LongBuffer.wrap(a), 0, end, d.word(0), d.word(1), d.word(2), d.word(3)))
          .isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      ints = {1, 2, 100, 20_000, DigestRecords.KEY_SORT_MAX, DigestRecords.KEY_SORT_MAX + 1})
  void sort_randomRecords_ascendingUnsigned(int n) {
    Random rnd = TestDigests.random("DigestRecordsTest n=" + n);
    long[] a = new long[n * 4];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextLong();
    }
    DigestRecords.sort(LongBuffer.wrap(a), 0, n);
    for (int i = 1; i < n; i++) {
      assertThat(DigestRecords.compare(LongBuffer.wrap(a), i - 1, i)).isLessThanOrEqualTo(0);
    }
    long probe = a[0] ^ 1; // absent with overwhelming probability, same prefix
    assertThat(DigestRecords.contains(LongBuffer.wrap(a), 0, n, probe, a[1], a[2], a[3]))
        .isEqualTo(n > 1 && containsLinear(a, n, probe, a[1], a[2], a[3]));
  }

  private static boolean containsLinear(long[] a, int n, long w0, long w1, long w2, long w3) {
    for (int i = 0; i < n; i++) {
      if (a[i * 4] == w0 && a[i * 4 + 1] == w1 && a[i * 4 + 2] == w2 && a[i * 4 + 3] == w3) {
        return true;
      }
    }
    return false;
  }
}
