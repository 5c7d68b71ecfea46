package org.jpbs.cli.output;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A text table with aligned columns: a header row, then one row per {@link #row}, columns separated
 * by two spaces, no trailing blanks.
 *
 * <p>A column is {@link Align#LEFT}, {@link Align#RIGHT} or {@link Align#AUTO}; an AUTO column is
 * right-aligned when every non-empty cell is a {@link Number} or reads as a number with an optional
 * unit ({@code "42"}, {@code "1.5 KiB"}, {@code "12%"}), else left-aligned. Cells are rendered with
 * {@code String.valueOf}; null renders as {@code "-"}. Width is counted in code points. Not
 * thread-safe.
 */
public final class Table {
  /** Column alignment. */
  public enum Align {
    LEFT,
    RIGHT,
    AUTO
  }

  private static final Pattern NUMERIC =
      Pattern.compile("[-+]?[0-9][0-9.,_]*( ?([KMGTPE]i?)?B(/s)?| ?%| ?s| ?ms)?");

  private final List<String> headers = new ArrayList<>();
  private final List<Align> aligns = new ArrayList<>();
  private final List<List<Object>> rows = new ArrayList<>();

  /** Adds a column with {@link Align#AUTO}; returns this. */
  public Table column(String header) {
    return column(header, Align.AUTO);
  }

  /** Adds a column; returns this. */
  public Table column(String header, Align align) {
    if (!rows.isEmpty()) {
      throw new IllegalStateException("add columns before rows");
    }
    headers.add(Objects.requireNonNull(header, "header"));
    aligns.add(Objects.requireNonNull(align, "align"));
    return this;
  }

  /**
   * Adds a row.
   *
   * @throws IllegalArgumentException if the cell count differs from the column count
   */
  public Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + headers.size() + " columns");
    }
    rows.add(java.util.Arrays.asList(cells.clone()));
    return this;
  }

  /** Number of data rows. */
  public int rowCount() {
    return rows.size();
  }

  /** Writes the table, one line per row, header first. */
  public void print(PrintWriter out) {
    int n = headers.size();
    int[] width = new int[n];
    boolean[] right = new boolean[n];
    for (int c = 0; c < n; c++) {
      width[c] = len(headers.get(c));
      right[c] = aligns.get(c) == Align.RIGHT || (aligns.get(c) == Align.AUTO && numeric(c));
      for (List<Object> r : rows) {
        width[c] = Math.max(width[c], len(text(r.get(c))));
      }
    }
    printLine(out, headers, width, right);
    for (List<Object> r : rows) {
      List<String> cells = new ArrayList<>(n);
      for (Object o : r) {
        cells.add(text(o));
      }
      printLine(out, cells, width, right);
    }
    out.flush();
  }

  @Override
  public String toString() {
    StringWriter sw = new StringWriter();
    print(new PrintWriter(sw));
    return sw.toString();
  }

  private boolean numeric(int c) {
    boolean any = false;
    for (List<Object> r : rows) {
      Object o = r.get(c);
      if (o == null || (o instanceof String && ((String) o).isEmpty())) {
        continue;
      }
      if (!(o instanceof Number) && !NUMERIC.matcher(String.valueOf(o)).matches()) {
        return false;
      }
      any = true;
    }
    return any;
  }

  private static void printLine(PrintWriter out, List<String> cells, int[] width, boolean[] right) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String s = cells.get(c);
      int pad = width[c] - len(s);
      if (c > 0) {
        sb.append("  ");
      }
      if (right[c]) {
        sb.append(" ".repeat(pad)).append(s);
      } else {
        sb.append(s).append(" ".repeat(pad));
      }
    }
    out.println(sb.toString().stripTrailing());
  }

  private static String text(Object o) {
    return o == null ? "-" : String.valueOf(o);
  }

  private static int len(String s) {
    return s.codePointCount(0, s.length());
  }
}
