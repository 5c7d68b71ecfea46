package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.UnsupportedFormatException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitCodesTest {
  /** Stand-ins for the library types the lead registers when wiring (lock, GC refusal). */
  static final class LockedException extends IOException {
    private static final long serialVersionUID = 1L;

    LockedException(String m) {
      super(m);
    }
  }

  static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String m) {
      super(m);
    }
  }

  private final ExitCodes standard = ExitCodes.standard();

  @Test
  void standard_corruptAndUnsupported_mapToCorruptData() {
    assertThat(standard.exitCode(new CorruptFileException("/s/a.fidx", 8, "bad crc")))
        .isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(standard.exitCode(new UnsupportedFormatException("/s/a.fidx", "00", "fidx")))
        .isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(standard.hint(new CorruptFileException("/s/a.fidx", 8, "bad crc"))).isNotBlank();
  }

  @Test
  void standard_otherIoExceptions_mapToIoError() {
    assertThat(standard.exitCode(new NoSuchFileException("/x"))).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(standard.exitCode(new IOException("disk full"))).isEqualTo(ExitCodes.IO_ERROR);
  }

  @Test
  void standard_usageInterruptAndUnknown() {
    CommandLine cl =
        Main.newCommandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    assertThat(standard.exitCode(new CommandLine.ParameterException(cl, "bad")))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(standard.exitCode(new InterruptedException())).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(standard.exitCode(new IllegalStateException("bug"))).isEqualTo(ExitCodes.FAILURE);
    assertThat(standard.knows(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void register_subtype_mostSpecificWins() {
    ExitCodes codes =
        ExitCodes.standard()
            .register(
                LockedException.class, ExitCodes.LOCK_CONTENTION, e -> "wait for " + e.getMessage())
            .register(RefusedException.class, ExitCodes.GC_REFUSED);

    assertThat(codes.exitCode(new LockedException("pid 42"))).isEqualTo(ExitCodes.LOCK_CONTENTION);
    assertThat(codes.hint(new LockedException("pid 42"))).isEqualTo("wait for pid 42");
    assertThat(codes.exitCode(new RefusedException("cutoff"))).isEqualTo(ExitCodes.GC_REFUSED);
    assertThat(codes.hint(new RefusedException("cutoff"))).isNull();
    assertThat(codes.exitCode(new IOException("other"))).isEqualTo(ExitCodes.IO_ERROR);
  }

  @Test
  void register_sameTypeTwice_laterWins() {
    ExitCodes codes =
        ExitCodes.empty().register(IOException.class, 7).register(IOException.class, 9);

    assertThat(codes.exitCode(new IOException())).isEqualTo(9);
  }

  @Test
  void register_codeOutOfRange_throws() {
    assertThatThrownBy(() -> ExitCodes.empty().register(IOException.class, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExitCodes.empty().register(IOException.class, 256))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exitCode_wrappers_areUnwrapped() {
    CorruptFileException corrupt = new CorruptFileException("/s/c", -1, "bad");

    assertThat(standard.exitCode(new UncheckedIOException(corrupt)))
        .isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(standard.exitCode(new ExecutionException(corrupt)))
        .isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(standard.exitCode(new CompletionException(new ExecutionException(corrupt))))
        .isEqualTo(ExitCodes.CORRUPT_DATA);
  }

  @Test
  void exitCode_causeOfNonWrapper_isNotConsulted() {
    RuntimeException bug = new IllegalStateException("bug", new IOException("io"));

    assertThat(standard.exitCode(bug)).isEqualTo(ExitCodes.FAILURE);
  }

  @Test
  void exitCode_commandFailed_carriesItsOwnCodeAndHint() {
    CommandFailedException e =
        new CommandFailedException(ExitCodes.GC_REFUSED, "refusing", "use --cutoff");

    assertThat(ExitCodes.empty().exitCode(e)).isEqualTo(ExitCodes.GC_REFUSED);
    assertThat(ExitCodes.empty().hint(e)).isEqualTo("use --cutoff");
  }

  @Test
  void commandFailed_codeOutOfRange_throws() {
    assertThatThrownBy(() -> new CommandFailedException(0, "x", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
