package org.jpbs.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanBytesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 0 B",
        "1 | 1 B",
        "1023 | 1023 B",
        "1024 | 1 KiB",
        "1536 | 1.5 KiB",
        "1025 | 1.001 KiB",
        "1048575 | 1023.999 KiB",
        "1048576 | 1 MiB",
        "1572864 | 1.5 MiB",
        "4294967296 | 4 GiB",
        "1099511627776 | 1 TiB",
        "1125899906842624 | 1 PiB",
        "9223372036854775807 | 8 EiB",
      })
  void format_pbsExamples_matchHumanByte(long bytes, String expected) {
    assertThat(HumanBytes.format(bytes)).isEqualTo(expected);
  }

  @Test
  void format_roundsHalfUpToThreeDecimals() {
    // 10245 B = 10.0048828125 KiB -> 10.005; 10244 B = 10.00390625 KiB -> 10.004
    assertThat(HumanBytes.format(10 * 1024 + 5)).isEqualTo("10.005 KiB");
    assertThat(HumanBytes.format(10 * 1024 + 4)).isEqualTo("10.004 KiB");
    // 1 GiB - 1 B = 1023.99999... MiB rounds up to the unit's limit, as PBS does
    assertThat(HumanBytes.format((1L << 30) - 1)).isEqualTo("1024 MiB");
  }

  @Test
  void format_negative_throws() {
    assertThatThrownBy(() -> HumanBytes.format(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rate_formatsPerSecond_andUnknownAsQuestionMark() {
    assertThat(HumanBytes.rate(1536.0)).isEqualTo("1.5 KiB/s");
    assertThat(HumanBytes.rate(Double.NaN)).isEqualTo("? B/s");
    assertThat(HumanBytes.rate(-1)).isEqualTo("? B/s");
  }
}
