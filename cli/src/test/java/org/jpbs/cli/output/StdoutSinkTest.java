package org.jpbs.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.jpbs.cli.ExitCodes;
import org.junit.jupiter.api.Test;

class StdoutSinkTest {

  @Test
  void translate_epipe_isBrokenPipe_otherErrorsNameStdout() {
    IOException epipe = new IOException("Broken pipe");
    IOException full = new IOException("No space left on device");

    assertThat(StdoutSink.translate(epipe))
        .isInstanceOf(StdoutSink.BrokenPipeException.class)
        .hasCause(epipe);
    assertThat(StdoutSink.translate(full))
        .isNotInstanceOf(StdoutSink.BrokenPipeException.class)
        .hasMessage("cannot write to stdout: No space left on device")
        .hasCause(full);
  }

  @Test
  void brokenPipe_exitCodeIsCatsUnderSigpipe() {
    assertThat(ExitCodes.BROKEN_PIPE).isEqualTo(128 + 13);
  }
}
