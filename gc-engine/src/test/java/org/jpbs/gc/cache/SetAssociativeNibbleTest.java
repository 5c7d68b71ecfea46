package org.jpbs.gc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** The loop-free recency lookup of SetAssociativeDigestCache against a plain scan. */
class SetAssociativeNibbleTest {
  @RepeatedTest(20)
  void nibblePosition_randomPermutations_matchesLinearScan(RepetitionInfo rep) {
    long seed = 7919L * rep.getCurrentRepetition();
    Random rnd = new Random(seed);
    for (int round = 0; round < 500; round++) {
      List<Integer> perm = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        perm.add(i);
      }
      Collections.shuffle(perm, rnd);
      long order = 0;
      for (int pos = 0; pos < 16; pos++) {
        order |= (long) perm.get(pos) << (4 * pos);
      }
      for (int way = 0; way < 16; way++) {
        assertThat(SetAssociativeDigestCache.nibblePosition(order, way))
            .as("seed %d order %016x way %d", seed, order, way)
            .isEqualTo(perm.indexOf(way));
      }
    }
  }
}
