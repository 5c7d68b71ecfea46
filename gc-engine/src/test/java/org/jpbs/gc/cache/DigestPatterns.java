package org.jpbs.gc.cache;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded digest access traces that model the GC mark phase, shared by the cache tests and the
 * {@code DigestCacheBenchmark} (published in the gc-engine test-jar). A trace is a flat {@code
 * long[]} of {@code 4 * length} words; equal digests in a trace come from equal ids, and distinct
 * ids give distinct word 0, so word 0 identifies the digest.
 */
public final class DigestPatterns {
  private DigestPatterns() {}

  /** Access patterns. */
  public enum Pattern {
    /**
     * Like {@code mkstore -r 0.67}: groups of consecutive snapshots, each index reusing 67% of the
     * previous snapshot's digests at the same positions; marked newest snapshot first per group, as
     * PBS &ge; 3.4.1 does. About half of all references are repeats.
     */
    SNAPSHOTS,
    /** Every digest distinct (first GC of a store full of unique data): the cache never hits. */
    UNIQUE,
    /** Zipf(s = 1) draws from a universe of {@code 4 * capacity} digests: skewed sharing. */
    ZIPF
  }

  /** Generates {@code length} digests of {@code pattern}; {@code capacity} scales ZIPF. */
  public static long[] generate(Pattern pattern, int length, int capacity, long seed) {
    return switch (pattern) {
      case SNAPSHOTS -> snapshots(length, 10_000, 4, 0.67, seed);
      case UNIQUE -> unique(length, seed);
      case ZIPF -> zipf(length, Math.max(16, 4 * capacity), 1.0, seed);
    };
  }

  /**
   * Snapshot reuse trace: groups of {@code snapshots} snapshots with {@code entries} digests each,
   * snapshot {@code s} keeping entry {@code i} of {@code s-1} with probability {@code reuse}.
   */
  public static long[] snapshots(int length, int entries, int snapshots, double reuse, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] out = new long[4 * length];
    long next = 0;
    int pos = 0;
    long[][] ids = new long[snapshots][entries];
    while (pos < length) {
      for (int s = 0; s < snapshots; s++) {
        for (int i = 0; i < entries; i++) {
          ids[s][i] = s == 0 || rnd.nextDouble() >= reuse ? next++ : ids[s - 1][i];
        }
      }
      for (int s = snapshots - 1; s >= 0 && pos < length; s--) { // newest first
        for (int i = 0; i < entries && pos < length; i++) {
          put(out, pos++, ids[s][i], seed);
        }
      }
    }
    return out;
  }

  /** All-distinct trace. */
  public static long[] unique(int length, long seed) {
    long[] out = new long[4 * length];
    for (int i = 0; i < length; i++) {
      put(out, i, i, seed);
    }
    return out;
  }

  /** Zipf({@code exponent}) trace over {@code universe} ids. */
  public static long[] zipf(int length, int universe, double exponent, long seed) {
    double[] cdf = new double[universe];
    double sum = 0;
    for (int k = 0; k < universe; k++) {
      sum += 1.0 / Math.pow(k + 1, exponent);
      cdf[k] = sum;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] out = new long[4 * length];
    for (int i = 0; i < length; i++) {
      int k = Arrays.binarySearch(cdf, rnd.nextDouble() * sum);
      put(out, i, k >= 0 ? k : Math.min(universe - 1, -k - 1), seed);
    }
    return out;
  }

  private static void put(long[] out, int pos, long id, long seed) {
    long base = id * 4 + seed * 0x9E3779B97F4A7C15L;
    for (int w = 0; w < 4; w++) {
      out[4 * pos + w] = mix64(base + w);
    }
  }

  /** SplitMix64 finalizer: a bijection on 64-bit values. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
