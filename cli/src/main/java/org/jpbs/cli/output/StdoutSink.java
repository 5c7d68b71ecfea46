package org.jpbs.cli.output;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpbs.cli.progress.ProgressOptions;

/**
 * Binary data to stdout through the raw file descriptor (not {@code System.out}'s PrintStream,
 * which swallows write errors). A write into a closed pipe (EPIPE) throws {@link
 * BrokenPipeException}, so the command can end quietly as {@code cat} does; any other write error
 * names stdout.
 */
public final class StdoutSink extends FilterOutputStream {
  /** The reader of stdout went away (EPIPE): not an error to report. */
  public static final class BrokenPipeException extends IOException {
    private static final long serialVersionUID = 1L;

    BrokenPipeException(IOException cause) {
      super("stdout: broken pipe", cause);
    }
  }

  public StdoutSink() {
    super(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
  }

  @Override
  public void write(int b) throws IOException {
    try {
      out.write(b);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** Flushes; the file descriptor stays open. */
  @Override
  public void close() throws IOException {
    flush();
  }

  static IOException translate(IOException e) {
    if (e instanceof BrokenPipeException) {
      return e;
    }
    if ("Broken pipe".equals(e.getMessage())) {
      return new BrokenPipeException(e);
    }
    return new IOException("cannot write to stdout: " + e.getMessage(), e);
  }

  /**
   * True if file descriptor 1 is a terminal: read from {@code /proc/self/fd/1} on Linux, else
   * {@code System.console() != null} (stdin and stdout both terminals).
   */
  public static boolean stdoutIsTerminal() {
    Path fd1 = Path.of("/proc/self/fd/1");
    if (Files.isSymbolicLink(fd1)) {
      try {
        return ProgressOptions.isTerminalDevice(Files.readSymbolicLink(fd1).toString());
      } catch (IOException e) {
        return false;
      }
    }
    return System.console() != null;
  }
}
