package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpbs.format.GcStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcMetricsTest {
  private static final GcStatus STATUS =
      new GcStatus("UPID:x", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null);

  @Test
  void render_everyCounterAsGaugeWithDatastoreLabel() {
    String text = GcMetrics.render("/srv/store", STATUS, 1_700_000_000L, 1.5, 0.25);

    assertThat(text)
        .contains(
            "# TYPE jpbs_gc_removed_bytes gauge\njpbs_gc_removed_bytes{datastore=\"/srv/store\"} 5\n")
        .contains("jpbs_gc_removed_chunks{datastore=\"/srv/store\"} 6\n")
        .contains("jpbs_gc_still_bad{datastore=\"/srv/store\"} 10\n")
        .contains("jpbs_gc_last_success_timestamp_seconds{datastore=\"/srv/store\"} 1700000000\n")
        .contains("jpbs_gc_mark_duration_seconds{datastore=\"/srv/store\"} 1.500\n");
    List<String> samples = text.lines().filter(l -> !l.startsWith("#")).toList();
    assertThat(samples)
        .hasSize(13)
        .allMatch(l -> l.matches("jpbs_gc_[a-z_]+\\{datastore=\"[^\"]*\"} [0-9.]+"));
  }

  @Test
  void render_labelValueEscaped() {
    String text = GcMetrics.render("/a\"b\\c\nd", STATUS, 1, 0, 0);

    assertThat(text).contains("{datastore=\"/a\\\"b\\\\c\\nd\"}");
  }

  @Test
  void write_replacesAtomically_leavesNoTempFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jpbs.prom");
    Files.writeString(file, "old");

    GcMetrics.write(file, "new\n");

    assertThat(file).hasContent("new");
    try (var s = Files.list(dir)) {
      assertThat(s).containsExactly(file);
    }
  }
}
