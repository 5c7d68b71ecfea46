package org.jpbs.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jpbs.cli.JpbsJar.Result;

/**
 * Runs {@code jpbs args...} inside the test JVM, wired exactly as {@link Main#main} wires it (same
 * command line, error reporter, exit codes, log format), with stdout and stderr captured as text.
 *
 * <p>Use it where the process boundary is not what a test checks: it saves the JVM start of {@link
 * JpbsJar#run} and runs warm code. Keep {@link JpbsJar} for signals, binary stdin/stdout,
 * terminals, {@code --version} (read from the jar's manifest), {@code bin/jpbs} and one run per
 * command (so the shaded jar stays covered). Not for concurrent use: library log records are
 * captured through the JVM's root logger.
 */
final class JpbsInProcess {
  private JpbsInProcess() {}

  /** {@code jpbs args...} in this JVM; stdin is empty (as {@link JpbsJar#run}'s /dev/null). */
  static synchronized Result run(String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    Main.configureLogging(verbose);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter errWriter = new PrintWriter(err, true);
    Handler logToErr = new ErrHandler(errWriter);
    logToErr.setLevel(Logger.getLogger("").getLevel());
    Logger.getLogger("").addHandler(logToErr);
    InputStream stdin = System.in;
    System.setIn(InputStream.nullInputStream());
    try {
      int code = Main.newCommandLine(new PrintWriter(out, true), errWriter).execute(args);
      errWriter.flush();
      return new Result(code, out.toString(), err.toString());
    } finally {
      Logger.getLogger("").removeHandler(logToErr);
      System.setIn(stdin);
    }
  }

  /** Library log records to the captured stderr, formatted as the jar's console handler does. */
  private static final class ErrHandler extends Handler {
    private final PrintWriter err;

    ErrHandler(PrintWriter err) {
      this.err = err;
      setFormatter(new SimpleFormatter());
    }

    @Override
    public void publish(LogRecord record) {
      if (isLoggable(record)) {
        err.print(getFormatter().format(record));
        err.flush();
      }
    }

    @Override
    public void flush() {
      err.flush();
    }

    @Override
    public void close() {}
  }
}
