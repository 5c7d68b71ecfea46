package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SweepCutoffTest {

  @Test
  void format_likeTheCutoffOption_notIso8601() {
    assertThat(SweepCutoff.format(SweepCutoff.DEFAULT_CUTOFF)).isEqualTo("24h5m");
    assertThat(SweepCutoff.format(SweepCutoff.MAX_CUTOFF)).isEqualTo("48h");
    assertThat(SweepCutoff.format(Duration.ofMinutes(1))).isEqualTo("1m");
    assertThat(SweepCutoff.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(SweepCutoff.format(Duration.ofSeconds(3601))).isEqualTo("1h1s");
    assertThat(SweepCutoff.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void minAtime_defaultCutoff_is1445MinutesBeforePhase1() {
    assertThat(SweepCutoff.minAtime(100_000, 100_000, SweepCutoff.DEFAULT_CUTOFF))
        .isEqualTo(100_000 - 1445 * 60);
  }
}
