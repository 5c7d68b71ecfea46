package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkUsageTableTest {
  @Test
  void growsPastInitialCapacity_findsEveryDigest_tracksOwners() {
    ChunkUsageTable t = new ChunkUsageTable();
    Random rnd = new Random(42);
    long[][] d = new long[20_000][4];
    for (int i = 0; i < d.length; i++) {
      for (int w = 0; w < 4; w++) {
        d[i][w] = rnd.nextLong();
      }
      assertThat(t.find(d[i][0], d[i][1], d[i][2], d[i][3])).isEqualTo(-1);
      t.add(d[i][0], d[i][1], d[i][2], d[i][3], i, i % 7, 0);
    }
    // the same snapshot again: not a first reference; another snapshot of the same group: first for
    // it
    int s0 = t.find(d[0][0], d[0][1], d[0][2], d[0][3]);
    assertThat(t.reference(s0, 0, 0)).isZero();
    assertThat(t.reference(s0, 9, 0)).isEqualTo(1);
    int s1 = t.find(d[1][0], d[1][1], d[1][2], d[1][3]);
    assertThat(t.reference(s1, 9, 3)).isEqualTo(3);
    t.referenceOutside(t.find(d[2][0], d[2][1], d[2][2], d[2][3]));

    assertThat(t.count()).isEqualTo(20_000);
    assertThat(t.tableBytes()).isLessThanOrEqualTo(32_768L * ChunkUsageTable.SLOT_BYTES);
    for (int i = 0; i < d.length; i++) {
      int s = t.find(d[i][0], d[i][1], d[i][2], d[i][3]);
      assertThat(s).isNotNegative();
      assertThat(t.size(s)).isEqualTo(i);
    }
    List<int[]> seen = new ArrayList<>();
    t.forEach(
        (size, snap, group, outside) -> {
          if (size <= 2) {
            seen.add(new int[] {size, snap, group, outside ? 1 : 0});
          }
        });
    seen.sort((a, b) -> a[0] - b[0]);
    assertThat(seen.get(0)).containsExactly(0, ChunkUsageTable.MULTI, 0, 0);
    assertThat(seen.get(1)).containsExactly(1, ChunkUsageTable.MULTI, ChunkUsageTable.MULTI, 0);
    assertThat(seen.get(2)).containsExactly(2, ChunkUsageTable.MULTI, ChunkUsageTable.MULTI, 1);
  }
}
