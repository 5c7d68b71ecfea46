package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.SnapshotPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

  @Test
  void parseDuration_plainNumber_isMinutes() {
    assertThat(Converters.parseDuration("1445")).isEqualTo(Duration.ofMinutes(1445));
  }

  @Test
  void parseDuration_units_sumInOrder() {
    assertThat(Converters.parseDuration("24h5m")).isEqualTo(Duration.ofMinutes(1445));
    assertThat(Converters.parseDuration("1d2h3m4s"))
        .isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4));
    assertThat(Converters.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "h", "5x", "5m24h", "1h1h", "-5", "24h 5m", "1.5h"})
  void parseDuration_invalid_throwsIllegalArgument(String text) {
    assertThatThrownBy(() -> Converters.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cutoffConverter_invalid_typeConversionError() {
    assertThatThrownBy(() -> new Converters.Cutoff().convert("soon"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("soon");
  }

  @Test
  void markOrderConverter_eitherCase_parsesAndRejectsOthers() {
    assertThat(new Converters.MarkOrder().convert("directory"))
        .isEqualTo(org.jpbs.gc.GcOptions.MarkOrder.DIRECTORY);
    assertThat(new Converters.MarkOrder().convert("INDEX"))
        .isEqualTo(org.jpbs.gc.GcOptions.MarkOrder.INDEX);
    assertThatThrownBy(() -> new Converters.MarkOrder().convert("sideways"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("sideways");
  }

  @Test
  void snapshotConverter_namespacedPath_parses() {
    SnapshotPath p = new Converters.Snapshot().convert("ns/a/host/web/2024-05-01T10:00:00Z");

    assertThat(p.namespace()).isEqualTo(BackupNamespace.of("a"));
    assertThat(p.type()).isEqualTo(BackupType.HOST);
    assertThat(p.id()).isEqualTo("web");
  }

  @Test
  void snapshotConverter_badPath_typeConversionError() {
    assertThatThrownBy(() -> new Converters.Snapshot().convert("host/web"))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void namespaceConverter_traversal_rejected() {
    assertThatThrownBy(() -> new Converters.Namespace().convert("a/.."))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void withinConverter_parsesCalendarDuration() {
    assertThat(new Converters.Within().convert("1y2m").toString()).isEqualTo("1y2m");
  }
}
