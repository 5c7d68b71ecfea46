package org.jpbs.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

  @Test
  void format_eachRange_usesItsPrecision() {
    assertThat(HumanDuration.format(Duration.ofMillis(350))).isEqualTo("350 ms");
    assertThat(HumanDuration.format(Duration.ofMillis(12_345))).isEqualTo("12.3 s");
    assertThat(HumanDuration.format(Duration.ofSeconds(245))).isEqualTo("4m 05s");
    assertThat(HumanDuration.format(Duration.ofSeconds(2 * 3600 + 3 * 60 + 4)))
        .isEqualTo("2h 03m 04s");
    assertThat(HumanDuration.format(Duration.ofSeconds(3 * 86400 + 2 * 3600 + 3 * 60)))
        .isEqualTo("3d 02h 03m");
  }

  @Test
  void format_justBelowAMinute_staysInSeconds() {
    assertThat(HumanDuration.format(Duration.ofMillis(59_999))).isEqualTo("59.9 s");
  }

  @Test
  void format_negative_throws() {
    assertThatThrownBy(() -> HumanDuration.format(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compact_eachRange() {
    assertThat(HumanDuration.compact(Duration.ofMillis(45_900))).isEqualTo("45s");
    assertThat(HumanDuration.compact(Duration.ofSeconds(245))).isEqualTo("4m05s");
    assertThat(HumanDuration.compact(Duration.ofSeconds(7380))).isEqualTo("2h03m");
    assertThat(HumanDuration.compact(Duration.ofSeconds(90000))).isEqualTo("1d01h");
  }
}
