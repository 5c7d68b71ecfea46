package org.jpbs.datastore.prune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.SnapshotPath;
import org.jpbs.datastore.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 upstream PBS {@code tests/prune.rs} assertions (resources/prune/prune-cases.json), TZ =
 * UTC.
 */
class UpstreamPruneCasesTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  @TempDir Path tmp;

  static Stream<Arguments> cases() throws IOException {
    try (InputStream in =
        UpstreamPruneCasesTest.class.getResourceAsStream("/prune/prune-cases.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<Arguments> out = new ArrayList<>();
      root.forEach(c -> out.add(Arguments.of(c.get("name").asText(), c)));
      return out.stream();
    }
  }

  @Test
  void resource_holdsAll22UpstreamAssertions() throws IOException {
    assertThat(cases()).hasSize(22);
  }

  static KeepOptions options(JsonNode c) {
    KeepOptions o = KeepOptions.none();
    for (Map.Entry<String, JsonNode> e : c.get("options").properties()) {
      o = o.with(e.getKey(), e.getValue().asLong());
    }
    return o;
  }

  private BackupGroup build(JsonNode c) throws IOException {
    Datastore store = TestStores.create(tmp);
    BackupGroup g = TestStores.group(store, BackupNamespace.root(), BackupType.HOST, "elsa");
    for (JsonNode s : c.get("snapshots")) {
      SnapshotPath p = SnapshotPath.parse(s.get("path").asText());
      assertThat(store.group(p.namespace(), p.type(), p.id())).isEqualTo(g);
      TestStores.snapshot(
          g, p.time(), s.get("finished").asBoolean(), s.get("protected").asBoolean());
    }
    return g;
  }

  private static List<String> paths(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void upstreamCase_marksMatchAndApplyingKeepsInvariants(String name, JsonNode c)
      throws IOException {
    BackupGroup g = build(c);
    List<SnapshotInfo> listed = g.listSnapshots();
    KeepOptions options = options(c);
    List<PruneEntry> marks = PruneSelector.select(listed, options, UTC);

    List<String> derived = new ArrayList<>();
    c.get("derived_marks_newest_first")
        .forEach(m -> derived.add(m.get("path").asText() + " " + m.get("mark").asText()));
    assertThat(marks)
        .extracting(e -> e.snapshot().dir().relativePath() + " " + e.mark().label())
        .as(name + " derived marks")
        .containsExactlyElementsOf(derived);

    List<String> keptOldestFirst = new ArrayList<>();
    List<String> removedOldestFirst = new ArrayList<>();
    for (int i = marks.size() - 1; i >= 0; i--) {
      PruneEntry e = marks.get(i);
      (e.mark().keep() ? keptOldestFirst : removedOldestFirst)
          .add(e.snapshot().dir().relativePath());
    }
    if (c.has("expected_kept")) {
      assertThat(keptOldestFirst)
          .as(name + " kept")
          .containsExactlyElementsOf(paths(c.get("expected_kept")));
    }
    if (c.has("expected_removed")) {
      assertThat(removedOldestFirst)
          .as(name + " removed")
          .containsExactlyElementsOf(paths(c.get("expected_removed")));
    }

    Map<String, List<String>> before = PruneInvariants.capture(g);
    PruneReport dry = PrunePlan.compute(g, options, UTC).execute(true);
    PruneInvariants.check(name + " dry-run", before, dry);
    PrunePlan plan = PrunePlan.compute(g, options, UTC);
    PruneReport report = plan.execute(false);
    PruneInvariants.check(name, before, report);
    int expectedRemoved = plan.keepAll() ? 0 : removedOldestFirst.size();
    assertThat(report.with(PruneReport.Status.REMOVED)).as(name).hasSize(expectedRemoved);
    assertThat(report.succeeded()).isTrue();

    Map<String, List<String>> afterFirst = PruneInvariants.capture(g);
    PruneReport again = PrunePlan.compute(g, options, UTC).execute(false);
    assertThat(again.with(PruneReport.Status.REMOVED))
        .as(name + " second prune removes nothing")
        .isEmpty();
    PruneInvariants.check(name + " second run", afterFirst, again);
  }
}
