package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {

  @Test
  void describe_fileSystemExceptions_sayWhatAndWhichFile() {
    assertThat(ErrorReporter.describe(new AccessDeniedException("/s/.lock"), true))
        .isEqualTo("permission denied: /s/.lock");
    assertThat(ErrorReporter.describe(new NoSuchFileException("/s/a", "/s/b", null), true))
        .isEqualTo("no such file or directory: /s/a -> /s/b");
    assertThat(
            ErrorReporter.describe(
                new FileSystemException("/s/.chunks/0000/x", null, "Read-only file system"), true))
        .isEqualTo("Read-only file system: /s/.chunks/0000/x");
    assertThat(ErrorReporter.describe(new NoSuchFileException("/s/x", null, "stale handle"), true))
        .isEqualTo("no such file or directory: /s/x (stale handle)");
  }

  @Test
  void describe_ioExceptionWithoutMessage_namesTheType() {
    assertThat(ErrorReporter.describe(new IOException(), true))
        .isEqualTo("I/O error (java.io.IOException)");
  }

  @Test
  void describe_unknownRuntimeException_isInternalError() {
    assertThat(ErrorReporter.describe(new NullPointerException(), false))
        .isEqualTo("internal error: java.lang.NullPointerException");
  }

  @Test
  void oneLine_collapsesAllLineBreaks() {
    assertThat(ErrorReporter.oneLine("  a\r\n  b\nc  ")).isEqualTo("a; b; c");
  }
}
