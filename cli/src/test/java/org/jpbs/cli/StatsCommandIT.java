package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.format.ChunkDigest;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpbs stats}: host/web (root) has A = [c0, c1] and B = [c1, c2]; prod:vm/100 has C = [c2,
 * c3, c3]; c4 is referenced by nothing.
 *
 * <p>{@code stats} only reads (the whole-store test checks that chunk atimes stay and no GC state
 * appears), so the three tests share one store built once ({@link TestInstance.Lifecycle#PER_CLASS
 * PER_CLASS}): creating a datastore (65,536 chunk directories) dominates the run time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsCommandIT {
  static final long T0 = DatastoreCommandsIT.T0;

  @TempDir static Path tmp;
  TestDatastore s;
  List<ChunkDigest> c;
  long[] size;

  @BeforeAll
  void store() throws Exception {
    s = TestDatastore.create(tmp);
    c = s.chunks(1, 5);
    size = new long[5];
    for (int i = 0; i < 5; i++) {
      size[i] = Files.size(s.store.chunkPath(c.get(i)));
    }
    BackupGroup web = s.group("web");
    s.snapshot(web, T0, true, List.of(List.of(c.get(0), c.get(1))));
    s.snapshot(web, T0 + 60, true, List.of(List.of(c.get(1), c.get(2))));
    BackupGroup vm = s.group(BackupNamespace.of("prod"), BackupType.VM, "100");
    s.snapshot(vm, T0, false, List.of(List.of(c.get(2), c.get(3), c.get(3))));
  }

  @AfterAll
  void close() {
    s.close();
  }

  private List<Long> atimes() throws Exception {
    List<Long> out = new ArrayList<>();
    for (ChunkDigest d : c) {
      out.add(
          Files.readAttributes(
                  s.store.chunkPath(d), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .lastAccessTime()
              .toMillis());
    }
    return out;
  }

  @Test
  void wholeStore_json_sizesDedupAndUniqueBytes_readOnly() throws Exception {
    List<Long> before = atimes();

    JsonNode j = DatastoreCommandsIT.json(JpbsJar.run("stats", s.base.toString(), "--json"));

    JsonNode store = j.get("store");
    assertThat(store.get("chunk-files").asLong()).isEqualTo(5);
    assertThat(store.get("chunk-bytes").asLong())
        .isEqualTo(size[0] + size[1] + size[2] + size[3] + size[4]);
    assertThat(store.get("logical-bytes").asLong()).isEqualTo(700);
    assertThat(store.get("snapshots").asInt()).isEqualTo(3);
    assertThat(store.get("referenced-chunks").asLong()).isEqualTo(4);
    assertThat(store.get("referenced-bytes").asLong())
        .isEqualTo(size[0] + size[1] + size[2] + size[3]);
    assertThat(store.get("unreferenced-bytes").asLong()).isEqualTo(size[4]);
    JsonNode groups = j.get("groups");
    assertThat(groups).extracting(g -> g.get("backup-id").asText()).containsExactly("web", "100");
    assertThat(groups.get(0).get("referenced-bytes").asLong())
        .isEqualTo(size[0] + size[1] + size[2]);
    assertThat(groups.get(0).get("unique-bytes").asLong()).isEqualTo(size[0] + size[1]);
    assertThat(groups.get(1).get("unique-bytes").asLong()).isEqualTo(size[3]);
    JsonNode snaps = j.get("snapshots");
    assertThat(snaps.get(0).get("logical-bytes").asLong()).isEqualTo(200);
    assertThat(snaps.get(0).get("referenced-bytes").asLong()).isEqualTo(size[0] + size[1]);
    assertThat(snaps.get(0).get("unique-bytes").asLong()).isEqualTo(size[0]);
    assertThat(snaps.get(1).get("unique-bytes").asLong()).isZero();
    assertThat(snaps.get(2).get("path").asText()).startsWith("ns/prod/vm/100/");
    assertThat(snaps.get(2).get("referenced-bytes").asLong()).isEqualTo(size[2] + size[3]);
    assertThat(snaps.get(2).get("unique-bytes").asLong()).isEqualTo(size[3]);
    assertThat(snaps.get(2).get("dedup-factor").asDouble())
        .isCloseTo(300.0 / (size[2] + size[3]), org.assertj.core.data.Offset.offset(0.01));
    assertThat(j.get("scope").get("unique-bytes").asLong())
        .isEqualTo(store.get("referenced-bytes").asLong());
    assertThat(atimes()).as("chunk atimes untouched").isEqualTo(before);
    assertThat(s.base.resolve(".jpbs/gc-state")).doesNotExist();
  }

  @Test
  void nsScope_uniqueAgainstTheRestOfTheStore() throws Exception {
    JsonNode j =
        DatastoreCommandsIT.json(
            JpbsInProcess.run("stats", s.base.toString(), "--ns", "prod", "--json"));

    JsonNode scope = j.get("scope");
    assertThat(scope.get("snapshots").asInt()).isEqualTo(1);
    assertThat(scope.get("logical-bytes").asLong()).isEqualTo(300);
    assertThat(scope.get("referenced-chunks").asLong()).isEqualTo(2);
    assertThat(scope.get("unique-bytes").asLong()).isEqualTo(size[3]);
    assertThat(j.get("groups")).hasSize(1);
    assertThat(j.get("groups").get(0).get("unique-bytes").asLong()).isEqualTo(size[3]);
    assertThat(j.get("store").get("logical-bytes").asLong()).isEqualTo(700);
    assertThat(j.get("store").get("referenced-bytes").isNull()).isTrue();
  }

  @Test
  void groupScope_human_andDuAlias() throws Exception {
    Result r = JpbsInProcess.run("du", s.base.toString(), "--group", "host/web");
    JsonNode j =
        DatastoreCommandsIT.json(
            JpbsInProcess.run("stats", s.base.toString(), "--group", "host/web", "--json"));
    Result missing = JpbsInProcess.run("stats", s.base.toString(), "--group", "host/nope");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout())
        .contains("chunk store: 5 chunk files")
        .contains("scope host/web: 2 snapshots")
        .contains("group     snapshots  logical  referenced  unique")
        .contains("host/web/2023-11-14T22:13:20Z");
    assertThat(j.get("scope").get("unique-bytes").asLong()).isEqualTo(size[0] + size[1]);
    assertThat(j.get("snapshots")).hasSize(2);
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(missing.stderrLines().get(0)).contains("host/nope");
  }
}
