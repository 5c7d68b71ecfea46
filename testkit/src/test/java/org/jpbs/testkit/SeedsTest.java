package org.jpbs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
class SeedsTest {
  @Test
  void sameSeedSameSequence(Seeds.Seed seed) {
    assertThat(seed.random().nextLong()).isEqualTo(seed.random().nextLong());
    assertThat(seed.toString()).contains("-Djpbs.seed=" + seed.value());
  }

  @Test
  void replayPropertyWins() {
    String old = System.getProperty(Seeds.PROPERTY);
    try {
      System.setProperty(Seeds.PROPERTY, "12345");
      assertThat(Seeds.choose()).isEqualTo(12345L);
      System.setProperty(Seeds.PROPERTY, "x");
      assertThatThrownBy(Seeds::choose).isInstanceOf(NumberFormatException.class);
    } finally {
      if (old == null) {
        System.clearProperty(Seeds.PROPERTY);
      } else {
        System.setProperty(Seeds.PROPERTY, old);
      }
    }
  }
}
