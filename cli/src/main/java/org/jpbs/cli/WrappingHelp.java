package org.jpbs.cli;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's usage help, with long texts wrapped at spaces only. picocli wraps with the JDK's line
 * {@link java.text.BreakIterator}, which also breaks after a dot ({@code "writes ." / "gc-status"},
 * {@code "64.." / "4096"}); here the description, option/parameter and command lists are wrapped by
 * {@link WordWrapTable} instead. Installed for every command by {@link Main#newCommandLine}.
 */
final class WrappingHelp extends Help {

  WrappingHelp(CommandSpec spec, ColorScheme colorScheme) {
    super(spec, colorScheme);
  }

  @Override
  public Layout createDefaultLayout(
      List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
    Layout layout = super.createDefaultLayout(options, positionals, scheme);
    TextTable original = layout.textTable();
    WordWrapTable table = new WordWrapTable(scheme, original.columns());
    table.indentWrappedLines = original.indentWrappedLines;
    return new Layout(
        scheme, table, createDefaultOptionRenderer(), createDefaultParameterRenderer());
  }

  @Override
  public String description(Object... params) {
    WordWrapTable table =
        new WordWrapTable(colorScheme(), new Column(width(), 0, Column.Overflow.WRAP));
    table.indentWrappedLines = 0;
    for (String line : commandSpec().usageMessage().description()) {
      table.addRowValues(format(line, params));
    }
    return table.toString();
  }

  /** As picocli's: each command with the first paragraph of its header or description. */
  @Override
  public String commandList(Map<String, Help> subcommands) {
    if (subcommands.isEmpty()) {
      return "";
    }
    int nameWidth = 0;
    for (String name : subcommands.keySet()) {
      nameWidth = Math.max(nameWidth, name.length());
    }
    nameWidth = Math.min(nameWidth, width() / 2);
    WordWrapTable table =
        new WordWrapTable(
            colorScheme(),
            new Column(nameWidth + 2, 2, Column.Overflow.SPAN),
            new Column(width() - (nameWidth + 2), 2, Column.Overflow.WRAP));
    for (Help help : subcommands.values()) {
      String[] header = help.commandSpec().usageMessage().header();
      String[] description = help.commandSpec().usageMessage().description();
      String first = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
      Text[] lines = colorScheme().text(format(first)).splitLines();
      for (int i = 0; i < lines.length; i++) {
        table.addRowValues(i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
      }
    }
    return table.toString();
  }

  private int width() {
    return commandSpec().usageMessage().width();
  }

  private static String format(String text, Object... params) {
    try {
      return text == null ? "" : String.format(text, params);
    } catch (IllegalFormatException e) {
      return text;
    }
  }

  /**
   * A {@link TextTable} whose wrapping columns break lines at spaces only: the value is split into
   * lines that fit, and picocli gets one fitting line at a time (a single word longer than the
   * column is still cut by picocli).
   */
  static final class WordWrapTable extends TextTable {
    WordWrapTable(ColorScheme scheme, Column... columns) {
      super(scheme, columns);
    }

    @Override
    public Cell putValue(int row, int col, Text value) {
      Column column = columns()[col];
      if (column.overflow != Column.Overflow.WRAP || value == null) {
        return super.putValue(row, col, value);
      }
      List<int[]> lines =
          wrap(
              value.plainString(),
              column.width - column.indent,
              column.width - column.indent - indentWrappedLines);
      Cell cell = null;
      for (int i = 0; i < lines.size(); i++) {
        Text line = value.substring(lines.get(i)[0], lines.get(i)[1]);
        if (i > 0) {
          addEmptyRow();
          row = cell.row + 1;
          line = value.substring(0, 0).concat(" ".repeat(indentWrappedLines)).concat(line);
        }
        cell = super.putValue(row, col, line);
      }
      return cell;
    }

    /**
     * Greedy word wrap: {start, end} of each line of {@code text}, the first at most {@code first}
     * characters, the others at most {@code next}; spaces at a break are dropped.
     */
    static List<int[]> wrap(String text, int first, int next) {
      List<int[]> lines = new ArrayList<>();
      int start = 0;
      int n = text.length();
      while (true) {
        int limit = Math.max(1, lines.isEmpty() ? first : next);
        if (n - start <= limit) {
          lines.add(new int[] {start, n});
          return lines;
        }
        int cut = text.lastIndexOf(' ', start + limit);
        if (cut <= start) { // one word longer than the line: up to the next space
          cut = text.indexOf(' ', start + limit);
          if (cut < 0) {
            lines.add(new int[] {start, n});
            return lines;
          }
        }
        int end = cut;
        while (end > start && text.charAt(end - 1) == ' ') {
          end--;
        }
        lines.add(new int[] {start, end});
        start = cut;
        while (start < n && text.charAt(start) == ' ') {
          start++;
        }
        if (start == n) {
          return lines;
        }
      }
    }
  }
}
