package org.jpbs.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.jpbs.cli.progress.ProgressOptions.Mode;
import org.junit.jupiter.api.Test;

class ProgressOptionsTest {

  @Test
  void choose_auto_followsStderrTerminal() {
    assertThat(ProgressOptions.choose(Mode.AUTO, false, true, "xterm")).isEqualTo(Mode.TTY);
    assertThat(ProgressOptions.choose(Mode.AUTO, false, false, "xterm")).isEqualTo(Mode.PLAIN);
  }

  @Test
  void choose_auto_dumbTerminal_isPlain() {
    assertThat(ProgressOptions.choose(Mode.AUTO, false, true, "dumb")).isEqualTo(Mode.PLAIN);
  }

  @Test
  void choose_explicitMode_winsOverDetection() {
    assertThat(ProgressOptions.choose(Mode.TTY, false, false, null)).isEqualTo(Mode.TTY);
    assertThat(ProgressOptions.choose(Mode.PLAIN, false, true, "xterm")).isEqualTo(Mode.PLAIN);
  }

  @Test
  void choose_noProgress_winsOverEverything() {
    assertThat(ProgressOptions.choose(Mode.TTY, true, true, "xterm")).isEqualTo(Mode.NONE);
    assertThat(ProgressOptions.choose(Mode.NONE, false, true, "xterm")).isEqualTo(Mode.NONE);
  }

  @Test
  void width_fromColumns_clampedWithDefault() {
    assertThat(ProgressOptions.width(null)).isEqualTo(80);
    assertThat(ProgressOptions.width("132")).isEqualTo(132);
    assertThat(ProgressOptions.width(" 100 ")).isEqualTo(100);
    assertThat(ProgressOptions.width("5")).isEqualTo(20);
    assertThat(ProgressOptions.width("wide")).isEqualTo(80);
  }

  @Test
  void isTerminalDevice_ptysAndTtysOnly() {
    assertThat(ProgressOptions.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(ProgressOptions.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(ProgressOptions.isTerminalDevice("/dev/null")).isFalse();
    assertThat(ProgressOptions.isTerminalDevice("pipe:[12345]")).isFalse();
    assertThat(ProgressOptions.isTerminalDevice("/var/log/jpbs.log")).isFalse();
  }
}
