package org.jpbs.cli.output;

import java.io.PrintWriter;
import java.util.function.Consumer;
import org.jpbs.cli.progress.ProgressReporter;

/**
 * Where a subcommand's result goes: one JSON document on stdout with {@code --json}, otherwise
 * human text (tables, {@link HumanBytes} sizes) on stdout.
 *
 * <p>A command builds its result as a record (or a {@code LinkedHashMap}) whose component names are
 * the JSON field names after conversion to kebab-case ({@code removedBytes} → {@code
 * removed-bytes}, as PBS names the same data); those names are a documented, stable contract. Times
 * are Unix epoch seconds ({@code long}, as in PBS), {@link java.time.Instant} is written as epoch
 * seconds and {@link java.time.Duration} as fractional seconds; {@link java.nio.file.Path} and
 * {@code ChunkDigest} are written as strings. Use null, not {@code Optional}.
 *
 * <p>Not thread-safe: call from the command's thread. Progress is not part of this: see {@link
 * ProgressReporter}, which writes to stderr.
 */
public interface Output {

  /** Human text on {@code out}; notes on {@code out}, warnings on {@code err}. */
  static Output human(PrintWriter out, PrintWriter err) {
    return new HumanOutput(out, err);
  }

  /** One JSON document on {@code out}; notes and warnings on {@code err}. */
  static Output json(PrintWriter out, PrintWriter err) {
    return new JsonOutput(out, err);
  }

  /** True in {@code --json} mode. */
  boolean isJson();

  /**
   * Emits the command's result: in JSON mode {@code report} is serialised as the one JSON document;
   * in human mode {@code human} renders it on stdout (and {@code report} is unused).
   *
   * @throws IllegalStateException in JSON mode, when a result was already emitted
   * @throws java.io.UncheckedIOException if {@code report} cannot be serialised (a bug in the
   *     report type)
   */
  void emit(Object report, Consumer<PrintWriter> human);

  /** An informational line for people: stdout in human mode, stderr in JSON mode. */
  void note(String line);

  /** A warning line {@code jpbs: warning: ...} on stderr in both modes. */
  void warn(String line);
}
