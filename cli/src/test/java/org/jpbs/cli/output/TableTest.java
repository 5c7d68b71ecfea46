package org.jpbs.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jpbs.cli.output.Table.Align;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void print_autoColumns_textLeftNumbersRight() {
    Table t =
        new Table()
            .column("snapshot")
            .column("size")
            .column("files")
            .row("vm/100/2026-11-01T00:00:00Z", HumanBytes.format(1536), 3)
            .row("ct/7/2026-11-02T00:00:00Z", HumanBytes.format(10L << 30), 12);

    assertThat(t.toString().lines())
        .containsExactly(
            "snapshot                        size  files",
            "vm/100/2026-11-01T00:00:00Z  1.5 KiB      3",
            "ct/7/2026-11-02T00:00:00Z     10 GiB     12");
  }

  @Test
  void print_explicitAlignment_overridesAuto() {
    Table t =
        new Table().column("id", Align.LEFT).column("name", Align.RIGHT).row(1, "a").row(22, "bbb");

    assertThat(t.toString().lines()).containsExactly("id  name", "1      a", "22   bbb");
  }

  @Test
  void print_mixedColumn_isLeftAligned() {
    Table t = new Table().column("v").row("12").row("n/a");

    assertThat(t.toString().lines()).containsExactly("v", "12", "n/a");
  }

  @Test
  void print_nullCell_rendersDashAndIsIgnoredForAlignment() {
    Table t = new Table().column("x").column("count").row("a", null).row("b", 100);

    assertThat(t.toString().lines()).containsExactly("x  count", "a      -", "b    100");
  }

  @Test
  void print_noTrailingBlanks() {
    Table t = new Table().column("name").column("note").row("long-name", "").row("x", "y");

    assertThat(t.toString().lines()).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
  }

  @Test
  void print_noRows_printsHeaderOnly() {
    assertThat(new Table().column("a").column("b").toString())
        .isEqualTo("a  b" + System.lineSeparator());
  }

  @Test
  void row_wrongCellCount_throws() {
    Table t = new Table().column("a").column("b");

    assertThatThrownBy(() -> t.row("only-one")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void column_afterRows_throws() {
    Table t = new Table().column("a").row("x");

    assertThatThrownBy(() -> t.column("b")).isInstanceOf(IllegalStateException.class);
  }
}
