package org.jpbs.gc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.jpbs.gc.cache.DigestPatterns.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs both implementations next to an exact LRU model (PBS semantics) on GC-like traces: checks
 * the safety contract (no false hits) and bounds how far the hit counts stray from true LRU.
 */
class LruComparisonTest {
  private static final int LENGTH = 200_000;

  /** Per-trace result of one cache against the model. */
  private record Result(long hits, long lruHits, long falseHits) {}

  private static Result run(DigestCache cache, long[] trace, int capacity) {
    ExactLru lru = new ExactLru(capacity);
    Set<Long> everInserted = new HashSet<>();
    long falseHits = 0;
    for (int i = 0; i < trace.length; i += 4) {
      boolean hit = cache.insert(trace[i], trace[i + 1], trace[i + 2], trace[i + 3]);
      if (hit && !everInserted.contains(trace[i])) {
        falseHits++;
      }
      everInserted.add(trace[i]);
      lru.insert(trace[i]);
    }
    assertThat(cache.hits() + cache.misses()).isEqualTo(trace.length / 4);
    return new Result(cache.hits(), lru.hits, falseHits);
  }

  @ParameterizedTest(name = "{0} capacity {1} seed {2}")
  @CsvSource({
    "SNAPSHOTS, 4096, 1",
    "SNAPSHOTS, 65536, 2",
    "UNIQUE, 4096, 3",
    "ZIPF, 4096, 4",
    "ZIPF, 65536, 5"
  })
  void setAssociative_gcTraces_noFalseHitsAndCloseToLru(Pattern p, int capacity, long seed) {
    long[] trace = DigestPatterns.generate(p, LENGTH, capacity, seed);
    Result r = run(DigestCache.create(capacity, DigestCache.Kind.SET_ASSOCIATIVE), trace, capacity);
    report("set-assoc", p, capacity, r);
    assertThat(r.falseHits()).as("false hits, seed %d", seed).isZero();
    // per-set LRU loses a little to imbalance between sets: within 3% of the trace length
    assertThat((double) Math.abs(r.hits() - r.lruHits()) / LENGTH)
        .as("hit-count gap vs LRU, seed %d", seed)
        .isLessThan(0.03);
  }

  @ParameterizedTest(name = "{0} capacity {1} seed {2}")
  @CsvSource({
    "SNAPSHOTS, 4096, 1",
    "SNAPSHOTS, 65536, 2",
    "UNIQUE, 4096, 3",
    "ZIPF, 4096, 4",
    "ZIPF, 65536, 5"
  })
  void caffeine_gcTraces_noFalseHits(Pattern p, int capacity, long seed) {
    long[] trace = DigestPatterns.generate(p, LENGTH, capacity, seed);
    Result r = run(DigestCache.create(capacity, DigestCache.Kind.CAFFEINE), trace, capacity);
    report("caffeine", p, capacity, r);
    assertThat(r.falseHits()).as("false hits, seed %d", seed).isZero();
    if (p == Pattern.UNIQUE) {
      assertThat(r.hits()).isZero();
    }
  }

  /** PBS scale: default capacity, 4M references (about 50 groups of 4 snapshots). */
  @org.junit.jupiter.api.Tag("slow")
  @ParameterizedTest(name = "{0} {1} seed {2}")
  @CsvSource({
    "CAFFEINE, SNAPSHOTS, 31",
    "SET_ASSOCIATIVE, SNAPSHOTS, 31",
    "CAFFEINE, ZIPF, 32",
    "SET_ASSOCIATIVE, ZIPF, 32"
  })
  void defaultCapacity_pbsScale_noFalseHits(DigestCache.Kind kind, Pattern p, long seed) {
    int capacity = DigestCache.DEFAULT_CAPACITY;
    long[] trace = DigestPatterns.generate(p, 4_000_000, capacity, seed);
    Result r = run(DigestCache.create(capacity, kind), trace, capacity);
    System.out.printf(
        "digest-cache scale %-15s %-9s cap=%d refs=4000000 hits=%d lru=%d (%.1f%% of LRU hits)%n",
        kind, p, capacity, r.hits(), r.lruHits(), 100.0 * r.hits() / Math.max(1, r.lruHits()));
    assertThat(r.falseHits()).as("seed %d", seed).isZero();
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @CsvSource({"CAFFEINE, 11", "SET_ASSOCIATIVE, 12"})
  void workingSetWithinCapacity_bothKinds_matchLruExactly(DigestCache.Kind kind, long seed) {
    int capacity = 65_536;
    long[] trace = DigestPatterns.zipf(LENGTH, 1_000, 1.0, seed); // 1000 distinct << capacity
    Result r = run(DigestCache.create(capacity, kind), trace, capacity);
    assertThat(r.hits()).as("seed %d", seed).isEqualTo(r.lruHits());
  }

  @ParameterizedTest(name = "capacity {0} seed {1}")
  @CsvSource({"1, 21", "5, 22", "16, 23"})
  void setAssociative_singleSet_isExactLru(int capacity, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    DigestCache c = DigestCache.create(capacity, DigestCache.Kind.SET_ASSOCIATIVE);
    ExactLru lru = new ExactLru(capacity);
    for (int i = 0; i < 50_000; i++) {
      long id = rnd.nextInt(capacity * 2 + 3);
      long w0 = DigestPatterns.mix64(id);
      assertThat(c.insert(w0, id, ~id, id * 31))
          .as("step %d seed %d", i, seed)
          .isEqualTo(lru.insert(w0));
    }
  }

  private static void report(String kind, Pattern p, int capacity, Result r) {
    System.out.printf(
        "digest-cache %-9s %-9s cap=%-6d hits=%-7d lru=%-7d diff=%+.2f%% of refs%n",
        kind, p, capacity, r.hits(), r.lruHits(), 100.0 * (r.hits() - r.lruHits()) / LENGTH);
  }
}
