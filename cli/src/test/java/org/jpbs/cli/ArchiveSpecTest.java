package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.jpbs.datastore.BackupType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** Backup archive naming ({@link ArchiveSpec}) and the converters backup/verify add. */
class ArchiveSpecTest {

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "disk.img:/dev/sdb, IMAGE, disk.img.fidx, /dev/sdb",
    "vm.conf:/etc/pve/100.conf, BLOB, vm.conf.blob, /etc/pve/100.conf",
    "client.log:/tmp/x.log, BLOB, client.log.blob, /tmp/x.log",
    "root.pxar:-, STREAM, root.pxar.didx, -",
    "data:-, STREAM, data.didx, -",
    "raw.didx:/a:b, STREAM, raw.didx, /a:b"
  })
  void parse_nameSuffix_selectsKindAndFilename(
      String spec, ArchiveSpec.Kind kind, String filename, String path) {
    ArchiveSpec a = ArchiveSpec.parse(spec);

    assertThat(a.kind()).isEqualTo(kind);
    assertThat(a.filename()).isEqualTo(filename);
    assertThat(a.path()).isEqualTo(path);
    assertThat(a.stdin()).isEqualTo(path.equals("-"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "disk.img",
        ":/x",
        "disk.img:",
        "disk.img:-",
        "../x:/y",
        "a b:/c",
        ".hidden:/x",
        "index.json:/x"
      })
  void parse_invalid_throws(String spec) {
    assertThatThrownBy(() -> new ArchiveSpec.Converter().convert(spec))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void groupConverter_typeSlashId() {
    Converters.GroupRef g = new Converters.Group().convert("vm/100");

    assertThat(g.type()).isEqualTo(BackupType.VM);
    assertThat(g.id()).isEqualTo("100");
    assertThat(g).hasToString("vm/100");
    assertThatThrownBy(() -> new Converters.Group().convert("vm"))
        .isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> new Converters.Group().convert("disk/1"))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void timeConverter_epochOrRfc3339() {
    assertThat(new Converters.Time().convert("1700000000"))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(new Converters.Time().convert("2023-11-14T22:13:20Z"))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(new Converters.Time().convert("2023-11-14T23:13:20+01:00"))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThatThrownBy(() -> new Converters.Time().convert("yesterday"))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void daysConverter_plainDaysOrUnits() {
    assertThat(new Converters.Days().convert("30")).isEqualTo(Duration.ofDays(30));
    assertThat(new Converters.Days().convert("12h")).isEqualTo(Duration.ofHours(12));
    assertThatThrownBy(() -> new Converters.Days().convert("soon"))
        .isInstanceOf(TypeConversionException.class);
  }
}
