package org.jpbs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns any failure into one line {@code jpbs: <message>} on stderr, an optional {@code hint: ...}
 * line, and the exit code from {@link ExitCodes}; the stack trace follows only with {@code
 * --verbose}.
 *
 * <p>Usage errors print exactly one line, pointing at the subcommand's {@code --help}.
 */
final class ErrorReporter
    implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {
  private static final String PREFIX = "jpbs: ";

  private final ExitCodes exitCodes;
  private final BooleanSupplier verbose;

  ErrorReporter(ExitCodes exitCodes, BooleanSupplier verbose) {
    this.exitCodes = Objects.requireNonNull(exitCodes, "exitCodes");
    this.verbose = Objects.requireNonNull(verbose, "verbose");
  }

  @Override
  public int getExitCode(Throwable exception) {
    return exitCodes.exitCode(exception);
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult fullParseResult) {
    if (ex instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    report(ex, commandLine.getErr());
    return getExitCode(ex);
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    StringBuilder line = new StringBuilder(PREFIX).append(oneLine(ex.getMessage()));
    if (ex instanceof UnmatchedArgumentException) {
      List<String> suggestions = ((UnmatchedArgumentException) ex).getSuggestions();
      if (!suggestions.isEmpty()) {
        line.append("; did you mean '").append(suggestions.get(0)).append("'?");
      }
    }
    line.append(" (see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
    err.println(line);
    if (verbose.getAsBoolean() || List.of(args).contains("--verbose")) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  /** Prints the message line, the hint line if any, and the stack trace in verbose mode. */
  void report(Throwable ex, PrintWriter err) {
    Throwable t = ExitCodes.unwrap(ex);
    boolean known = exitCodes.knows(t);
    err.println(PREFIX + describe(t, known));
    String hint = known ? exitCodes.hint(t) : null;
    if (!known && !verbose.getAsBoolean()) {
      hint = "this is a bug in jpbs; re-run with --verbose for the stack trace and report it";
    }
    if (hint != null && !hint.isBlank()) {
      err.println("hint: " + oneLine(hint));
    }
    if (verbose.getAsBoolean()) {
      ex.printStackTrace(err);
    }
    err.flush();
  }

  /**
   * The one-line message for {@code t}: the exception's own message, made explicit for the JDK's
   * file-system exceptions (whose message is often just the path).
   */
  static String describe(Throwable t, boolean known) {
    if (t instanceof FileSystemException) {
      return describeFileSystem((FileSystemException) t);
    }
    if (t instanceof InterruptedException) {
      return "interrupted";
    }
    String msg = t.getMessage() == null ? null : oneLine(t.getMessage());
    if (!known && !(t instanceof IOException)) {
      return "internal error: " + t.getClass().getName() + (msg == null ? "" : ": " + msg);
    }
    if (msg == null || msg.isEmpty()) {
      return t instanceof IOException
          ? "I/O error (" + t.getClass().getName() + ")"
          : t.getClass().getName();
    }
    return msg;
  }

  private static String describeFileSystem(FileSystemException e) {
    String what;
    if (e instanceof NoSuchFileException) {
      what = "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      what = "permission denied";
    } else if (e instanceof FileAlreadyExistsException) {
      what = "already exists";
    } else if (e instanceof NotDirectoryException) {
      what = "not a directory";
    } else if (e instanceof DirectoryNotEmptyException) {
      what = "directory not empty";
    } else {
      what = e.getReason() == null ? "I/O error" : oneLine(e.getReason());
    }
    StringBuilder sb = new StringBuilder(what);
    if (e.getFile() != null) {
      sb.append(": ").append(e.getFile());
    }
    if (e.getOtherFile() != null) {
      sb.append(" -> ").append(e.getOtherFile());
    }
    if (e.getReason() != null && !what.equals(oneLine(e.getReason()))) {
      sb.append(" (").append(oneLine(e.getReason())).append(')');
    }
    return sb.toString();
  }

  /** Collapses line breaks so a message can never span several lines. */
  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
