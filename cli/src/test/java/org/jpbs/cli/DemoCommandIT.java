package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jpbs.cli.JpbsJar.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jpbs demo} through the real jar: the JSON document, the refusal of a foreign directory, and the GC invariant on the result. The store lives
 * where the demo puts its own temporary one (tmpfs when available: 65536 chunk directories).
 */
class DemoCommandIT {
  private Path dir;

  @BeforeEach
  void createDir() throws Exception {
    dir = Files.createTempDirectory(DemoCommand.tempParent(), "jpbs-demo-it-");
  }

  @AfterEach
  void deleteDir() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  @Test
  void demo_json_exit0_removesPrunedChunks_everythingVerified_invariantHolds() throws Exception {
    Path ds = dir.resolve("store");
    JsonNode j = DatastoreCommandsIT.json(JpbsJar.run("demo", ds.toString(), "--json", "--no-progress"));

    assertThat(j.get("ok").asBoolean()).isTrue();
    assertThat(j.get("kept").asBoolean()).isTrue();
    assertThat(j.get("backups")).hasSize(DemoCommand.ROUNDS);
    assertThat(j.get("backups").get(0).get("base").isNull()).isTrue();
    for (int i = 1; i < DemoCommand.ROUNDS; i++) {
      JsonNode b = j.get("backups").get(i);
      assertThat(b.get("known-chunks").asLong()).as("backup %d is incremental", i).isPositive();
      assertThat(b.get("new-chunks").asLong()).isLessThan(b.get("chunks").asLong() / 2);
    }
    assertThat(j.get("prune")).extracting(p -> p.get("status").asText())
        .containsExactly("removed", "removed", "removed", "kept", "kept");
    assertThat(j.get("snapshots").asInt()).isEqualTo(DemoCommand.KEEP_LAST);
    assertThat(j.get("removed-chunks").asLong()).isPositive().isEqualTo(j.get("gc").get("removed-chunks").asLong());
    assertThat(j.get("gc").get("missing-chunks").asLong()).isZero();
    assertThat(j.get("verify").get("ok").asBoolean()).isTrue();
    assertThat(j.get("verify").get("verified").asLong()).isEqualTo(DemoCommand.KEEP_LAST);
    assertThat(j.get("restore-identical").asBoolean()).isTrue();
    assertThat(j.get("dedup-factor").asDouble()).isGreaterThan(1.5);
    try (CliTestStore s = CliTestStore.open(ds)) {
      assertThat(s.chunksOnDisk()).hasSize((int) j.get("gc").get("disk-chunks").asLong());
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void demo_nonEmptyForeignDir_refused_untouched() throws Exception {
    Path f = Files.writeString(dir.resolve("precious.txt"), "keep me");

    Result r = JpbsJar.run("demo", dir.toString(), "--no-progress");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stderr()).contains("is not empty and not a jpbs datastore").contains("hint:");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).containsExactly(f);
    }
  }
}
