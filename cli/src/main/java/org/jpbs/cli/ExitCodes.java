package org.jpbs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.jpbs.chunkstore.LockContentionException;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.UnsupportedFormatException;
import picocli.CommandLine;

/**
 * The process exit codes of {@code jpbs} and the registry that maps exception types to them.
 *
 * <p>The codes are a public contract (see {@code cli/README.md}); never renumber them. The registry
 * maps a thrown exception to a code and an optional one-line hint by its <em>type</em>: the most
 * specific registered supertype of the exception's class wins. Wrappers that only carry another
 * exception ({@link UncheckedIOException}, {@link ExecutionException}, {@link CompletionException})
 * are unwrapped first. An exception no registration matches maps to {@link #FAILURE}.
 *
 * <p>Not thread-safe while being filled; build it once at start-up ({@link Main#exitCodes()}) and
 * only read it afterwards.
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** Failure without a more specific code (includes internal errors). */
  public static final int FAILURE = 1;

  /** Bad command line: unknown option, missing or invalid argument. */
  public static final int USAGE = 2;

  /** Another process holds a lock this command needs. */
  public static final int LOCK_CONTENTION = 3;

  /** A file's bytes contradict its format (corrupt or unsupported data). */
  public static final int CORRUPT_DATA = 4;

  /** The operating system reported an I/O error (missing file, permission, disk full, ...). */
  public static final int IO_ERROR = 5;

  /** GC refused to run or to delete because a safety condition did not hold. */
  public static final int GC_REFUSED = 6;

  /** Interrupted (SIGINT, or {@link InterruptedException}); 128 + SIGINT as shells report it. */
  public static final int INTERRUPTED = 130;

  /**
   * stdout was a pipe whose reader went away; quiet, as {@code cat} killed by SIGPIPE (128 + 13).
   */
  public static final int BROKEN_PIPE = 141;

  private final Map<Class<? extends Throwable>, Entry<?>> byType = new LinkedHashMap<>();

  private ExitCodes() {}

  /** A registry with nothing registered: every exception maps to {@link #FAILURE}. */
  public static ExitCodes empty() {
    return new ExitCodes();
  }

  /**
   * The registry for the types known to the CLI itself: usage errors, {@link IOException}, {@link
   * InterruptedException}, lock contention of any lock ({@link LockContentionException}; its
   * subtypes register their own hints), the {@code index-format} corruption types and {@link
   * CommandFailedException} (which carries its own code).
   */
  public static ExitCodes standard() {
    return empty()
        .register(CommandLine.ParameterException.class, USAGE, e -> null)
        .register(IOException.class, IO_ERROR, e -> null)
        .register(InterruptedException.class, INTERRUPTED, e -> null)
        .register(
            LockContentionException.class,
            LOCK_CONTENTION,
            e -> "another process holds " + e.lockFile() + "; retry when it is done")
        .register(
            CorruptFileException.class,
            CORRUPT_DATA,
            e ->
                "the file named above is damaged; jpbs never repairs data silently: restore it"
                    + " from another copy, or remove the snapshot that owns it")
        .register(
            UnsupportedFormatException.class,
            CORRUPT_DATA,
            e -> "the file is not in a PBS format this jpbs version reads (or not a PBS file)");
  }

  /**
   * Maps {@code type} and its subtypes to {@code exitCode}, without a hint.
   *
   * @return this registry
   * @throws IllegalArgumentException if {@code exitCode} is not in 1..255
   */
  public ExitCodes register(Class<? extends Throwable> type, int exitCode) {
    return register(type, exitCode, e -> null);
  }

  /**
   * Maps {@code type} and its subtypes to {@code exitCode}, and to the hint {@code hint} computes
   * (which may return null for none). A later registration of the same type replaces the earlier.
   *
   * @return this registry
   * @throws IllegalArgumentException if {@code exitCode} is not in 1..255
   */
  public <T extends Throwable> ExitCodes register(
      Class<T> type, int exitCode, Function<? super T, String> hint) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(hint, "hint");
    if (exitCode < 1 || exitCode > 255) {
      throw new IllegalArgumentException("exit code must be in 1..255, got " + exitCode);
    }
    byType.put(type, new Entry<>(type, exitCode, hint));
    return this;
  }

  /** The exit code for {@code failure}. */
  public int exitCode(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof CommandFailedException) {
      return ((CommandFailedException) t).exitCode();
    }
    Entry<?> e = lookup(t);
    return e == null ? FAILURE : e.exitCode;
  }

  /** The hint for {@code failure}, or null when it has none. */
  public String hint(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof CommandFailedException) {
      return ((CommandFailedException) t).hint();
    }
    Entry<?> e = lookup(t);
    return e == null ? null : e.hint(t);
  }

  /** True if {@code failure} is a {@link CommandFailedException} or a registered type. */
  boolean knows(Throwable failure) {
    Throwable t = unwrap(failure);
    return t instanceof CommandFailedException || lookup(t) != null;
  }

  /** Strips wrappers that add nothing but a checked/unchecked conversion. */
  static Throwable unwrap(Throwable failure) {
    Throwable t = Objects.requireNonNull(failure, "failure");
    while ((t instanceof UncheckedIOException
            || t instanceof ExecutionException
            || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private Entry<?> lookup(Throwable t) {
    for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
      Entry<?> e = byType.get(c);
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  private static final class Entry<T extends Throwable> {
    final Class<T> type;
    final int exitCode;
    final Function<? super T, String> hint;

    Entry(Class<T> type, int exitCode, Function<? super T, String> hint) {
      this.type = type;
      this.exitCode = exitCode;
      this.hint = hint;
    }

    String hint(Throwable t) {
      return hint.apply(type.cast(t));
    }
  }
}
