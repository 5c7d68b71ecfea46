package org.jpbs.gc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DigestCacheTest {

  @Test
  void constants_matchPbs() {
    assertThat(DigestCache.DEFAULT_CAPACITY).isEqualTo(1024 * 1024);
    assertThat(DigestCache.MAX_CAPACITY).isEqualTo(8_388_608);
  }

  @ParameterizedTest
  @EnumSource(DigestCache.Kind.class)
  void create_capacityZero_disabledAndCountsNothing(DigestCache.Kind kind) {
    DigestCache c = DigestCache.create(0, kind);
    assertThat(c.insert(1, 2, 3, 4)).isFalse();
    assertThat(c.insert(1, 2, 3, 4)).isFalse();
    assertThat(c.hits()).isZero();
    assertThat(c.misses()).isZero();
    assertThat(c.capacity()).isZero();
  }

  @ParameterizedTest
  @EnumSource(DigestCache.Kind.class)
  void create_outOfRange_throws(DigestCache.Kind kind) {
    assertThatThrownBy(() -> DigestCache.create(-1, kind))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DigestCache.create(DigestCache.MAX_CAPACITY + 1, kind))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8388608");
  }

  @Test
  void create_maxCapacityCaffeine_accepted() {
    assertThat(DigestCache.create(DigestCache.MAX_CAPACITY, DigestCache.Kind.CAFFEINE).capacity())
        .isEqualTo(DigestCache.MAX_CAPACITY);
  }

  @Test
  void create_default_isSetAssociativeWithExactDefaultCapacity() {
    DigestCache c = DigestCache.create(DigestCache.DEFAULT_CAPACITY);
    assertThat(c).isInstanceOf(SetAssociativeDigestCache.class);
    assertThat(c.capacity()).isEqualTo(DigestCache.DEFAULT_CAPACITY);
  }

  @ParameterizedTest
  @EnumSource(DigestCache.Kind.class)
  void insert_secondTime_reportsPresentAndCounts(DigestCache.Kind kind) {
    DigestCache c = DigestCache.create(1024, kind);
    ChunkDigest d = ChunkDigest.sha256(new byte[] {1, 2, 3});
    assertThat(c.insert(d)).isFalse();
    assertThat(c.insert(d)).isTrue();
    assertThat(c.insert(d.word(0), d.word(1), d.word(2), d.word(3))).isTrue();
    assertThat(c.hits()).isEqualTo(2);
    assertThat(c.misses()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(DigestCache.Kind.class)
  void insert_digestDifferingInLastWordOnly_isMiss(DigestCache.Kind kind) {
    DigestCache c = DigestCache.create(1024, kind);
    c.insert(7, 8, 9, 10);
    assertThat(c.insert(7, 8, 9, 11)).isFalse();
    assertThat(c.insert(7, 8, 10, 10)).isFalse();
    assertThat(c.insert(7, 9, 9, 10)).isFalse();
    assertThat(c.insert(6, 8, 9, 10)).isFalse();
    assertThat(c.insert(7, 8, 9, 10)).isTrue();
  }

  @Test
  void insert_capacityOneSetAssociative_keepsOnlyLast() {
    DigestCache c = DigestCache.create(1, DigestCache.Kind.SET_ASSOCIATIVE);
    c.insert(1, 1, 1, 1);
    c.insert(2, 2, 2, 2);
    assertThat(c.insert(1, 1, 1, 1)).isFalse();
    assertThat(c.insert(1, 1, 1, 1)).isTrue();
  }

  @Test
  void capacity_setAssociative_roundsDownToWholeSets() {
    assertThat(DigestCache.create(1, DigestCache.Kind.SET_ASSOCIATIVE).capacity()).isEqualTo(1);
    assertThat(DigestCache.create(15, DigestCache.Kind.SET_ASSOCIATIVE).capacity()).isEqualTo(15);
    assertThat(DigestCache.create(100, DigestCache.Kind.SET_ASSOCIATIVE).capacity()).isEqualTo(96);
    assertThat(
            DigestCache.create(DigestCache.DEFAULT_CAPACITY, DigestCache.Kind.SET_ASSOCIATIVE)
                .capacity())
        .isEqualTo(DigestCache.DEFAULT_CAPACITY);
  }

  @ParameterizedTest
  @EnumSource(DigestCache.Kind.class)
  void insert_concurrentThreads_noFalseHitsAndExactCounts(DigestCache.Kind kind) throws Exception {
    long seed = 42;
    DigestCache c = DigestCache.create(4096, kind);
    long[] trace = DigestPatterns.generate(DigestPatterns.Pattern.ZIPF, 200_000, 4096, seed);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?>[] fs = new Future<?>[2];
      for (int t = 0; t < 2; t++) {
        int offset = t;
        fs[t] =
            pool.submit(
                () -> {
                  for (int i = offset; i < trace.length / 4; i += 2) {
                    c.insert(trace[4 * i], trace[4 * i + 1], trace[4 * i + 2], trace[4 * i + 3]);
                  }
                });
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(c.hits() + c.misses()).as("seed %d", seed).isEqualTo(trace.length / 4);
    // every distinct digest is a miss at least once
    Set<Long> distinct = new HashSet<>();
    for (int i = 0; i < trace.length; i += 4) {
      distinct.add(trace[i]);
    }
    assertThat(c.misses()).as("seed %d", seed).isGreaterThanOrEqualTo(distinct.size());
  }
}
