package org.jpbs.gc.markset;

import java.util.Random;
import org.jpbs.format.ChunkDigest;

/** Seeded random digests for the mark-set tests. */
final class TestDigests {
  private TestDigests() {}

  /** The seed: {@code -Dmarkset.seed=N} to replay a failure, else fresh; always printed. */
  static Random random(String test) {
    long seed = Long.getLong("markset.seed", System.nanoTime());
    System.out.println(test + ": -Dmarkset.seed=" + seed);
    return new Random(seed);
  }

  /**
   * A random digest whose first byte is below {@code groups}: fewer groups means deeper partitions
   * (and spills) for the same count.
   */
  static ChunkDigest next(Random rnd, int groups) {
    long w0 = rnd.nextLong() & 0x00ff_ffff_ffff_ffffL | (long) rnd.nextInt(groups) << 56;
    return ChunkDigest.ofWords(w0, rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
  }
}
