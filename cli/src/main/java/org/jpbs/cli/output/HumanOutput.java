package org.jpbs.cli.output;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Consumer;

/** {@link Output} for people. */
public final class HumanOutput implements Output {
  private final PrintWriter out;
  private final PrintWriter err;

  HumanOutput(PrintWriter out, PrintWriter err) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
  }

  /**
   * {@code n} and the noun, plural unless {@code n} is 1: {@code "1 chunk"}, {@code "0 chunks"}.
   */
  public static String count(long n, String singular) {
    return n + " " + (n == 1 ? singular : singular + "s");
  }

  @Override
  public boolean isJson() {
    return false;
  }

  @Override
  public void emit(Object report, Consumer<PrintWriter> human) {
    human.accept(out);
    out.flush();
  }

  @Override
  public void note(String line) {
    out.println(line);
    out.flush();
  }

  @Override
  public void warn(String line) {
    err.println("jpbs: warning: " + line);
    err.flush();
  }
}
