package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.util.List;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.state.GcOutcome;
import org.jpbs.gc.state.GcRun;
import org.jpbs.gc.state.GcRunOptions;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpbs ns create|list|remove} through the real jar.
 *
 * <p>Creating a datastore (65,536 chunk directories) dominates the run time, so the two tests whose
 * {@code ns create} is refused share one store without namespaces ({@link #shared}); each checks
 * that it still has none. Tests that create or remove namespaces get a fresh store.
 */
class NamespaceCommandsIT {
  static final long T0 = DatastoreCommandsIT.T0;

  @TempDir Path tmp;
  @TempDir static Path sharedDir;
  static TestDatastore shared;

  @BeforeAll
  static void createSharedStore() throws Exception {
    shared = TestDatastore.create(sharedDir);
  }

  @AfterAll
  static void closeSharedStore() {
    shared.close();
  }

  static JsonNode json(Result r) throws Exception {
    return DatastoreCommandsIT.json(r);
  }

  @Test
  void create_thenBackupIntoIt_thenListShowsIt() throws Exception {
    Path store = tmp.resolve("store");
    DatastoreCommandsIT.json(
        JpbsInProcess.run("init", store.toString(), "--no-atime-check", "--json"));
    Path src = Files.write(tmp.resolve("src.txt"), "hello namespace".getBytes());

    Result before =
        JpbsInProcess.run(
            "backup", store.toString(), "host/web", "--ns", "prod", "src.pxar:" + src);
    JsonNode created = json(JpbsJar.run("ns", "create", store.toString(), "prod", "--json"));
    Result backup =
        JpbsInProcess.run(
            "backup", store.toString(), "host/web", "--ns", "prod", "src.pxar:" + src);
    JsonNode nested =
        json(JpbsInProcess.run("ns", "create", store.toString(), "prod/eu", "--json"));
    JsonNode again = json(JpbsInProcess.run("ns", "create", store.toString(), "prod", "--json"));
    JsonNode list = json(JpbsJar.run("ns", "list", store.toString(), "--json"));
    Result human =
        JpbsInProcess.run("ns", "list", store.toString(), "--ns", "prod", "--max-depth", "0");

    assertThat(before.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(before.stderrLines().get(1)).contains("jpbs ns create " + store + " prod");
    assertThat(created.get("created").asBoolean()).isTrue();
    assertThat(created.get("path").asText()).isEqualTo(store.resolve("ns/prod").toString());
    assertThat(backup.exitCode()).as(backup.stderr()).isZero();
    assertThat(nested.get("path").asText()).isEqualTo(store.resolve("ns/prod/ns/eu").toString());
    assertThat(again.get("created").asBoolean()).isFalse();
    assertThat(list.get("namespaces"))
        .extracting(n -> n.get("ns").asText())
        .containsExactly("", "prod", "prod/eu");
    assertThat(list.get("namespaces").get(1).get("groups").asInt()).isEqualTo(1);
    assertThat(list.get("namespaces").get(2).get("depth").asInt()).isEqualTo(2);
    assertThat(human.exitCode()).as(human.stderr()).isZero();
    assertThat(human.stdout()).contains("prod").doesNotContain("prod/eu").doesNotContain("(root)");
  }

  @Test
  void create_missingParent_exit1_hintNamesParent_nothingCreated() throws Exception {
    {
      TestDatastore s = shared;
      Result r = JpbsInProcess.run("ns", "create", s.base.toString(), "a/b");

      assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(r.stderrLines().get(0)).startsWith("jpbs: parent namespace 'a' does not exist");
      assertThat(r.stderrLines().get(1)).startsWith("hint: ").contains("ns create");
      assertThat(s.base.resolve("ns")).doesNotExist();
    }
  }

  @Test
  void create_invalidNameOrTooDeep_exit2_nothingCreated() throws Exception {
    {
      TestDatastore s = shared;
      Result space = JpbsInProcess.run("ns", "create", s.base.toString(), "a b");
      Result dots = JpbsInProcess.run("ns", "create", s.base.toString(), "../x");
      Result deep = JpbsInProcess.run("ns", "create", s.base.toString(), "1/2/3/4/5/6/7/8");
      Result root = JpbsInProcess.run("ns", "create", s.base.toString(), "");

      for (Result r : List.of(space, dots, deep, root)) {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderrLines()).hasSize(1);
      }
      assertThat(deep.stderr()).contains("deeper than 7");
      assertThat(s.base.resolve("ns")).doesNotExist();
      assertThat(s.base.getParent().resolve("x")).doesNotExist(); // "../x"
    }
  }

  @Test
  void remove_nonEmpty_withoutDeleteGroups_exit1_untouched() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      BackupGroup g = s.group(BackupNamespace.of("prod", "eu"), BackupType.VM, "100");
      BackupDir d = s.snapshot(g, T0, true, List.of(s.chunks(1, 2)));

      Result r = JpbsInProcess.run("ns", "remove", s.base.toString(), "prod");

      assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(r.stderrLines().get(0))
          .startsWith("jpbs: namespace 'prod' is not empty")
          .contains("ns/prod/ns/eu/vm/100")
          .contains(s.base.resolve("ns/prod").toString());
      assertThat(r.stderrLines().get(1)).contains("--delete-groups");
      assertThat(d.exists()).isTrue();
    }
  }

  @Test
  void remove_empty_json_removesSubtree_rootRefused() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      s.datastore.createNamespace(BackupNamespace.of("a", "b", "c"));
      s.datastore.createNamespace(BackupNamespace.of("keep"));

      JsonNode j = json(JpbsInProcess.run("ns", "remove", s.base.toString(), "a", "--json"));
      Result root = JpbsInProcess.run("ns", "remove", s.base.toString(), "");
      Result missing = JpbsInProcess.run("ns", "remove", s.base.toString(), "ghost");

      assertThat(j.get("removed-all").asBoolean()).isTrue();
      assertThat(j.get("removed-namespaces"))
          .extracting(JsonNode::asText)
          .containsExactly("a/b/c", "a/b", "a");
      assertThat(s.base.resolve("ns/a")).doesNotExist();
      assertThat(s.base.resolve("ns/keep")).isDirectory();
      assertThat(root.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(root.stderr()).contains("root namespace cannot be removed");
      assertThat(missing.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
      assertThat(missing.stderrLines().get(0)).contains(s.base.resolve("ns/ghost").toString());
    }
  }

  @Test
  void remove_deleteGroups_protectedSnapshotStays_exit1_namesIt_invariantHolds() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      List<ChunkDigest> c = s.chunks(1, 3);
      BackupGroup web = s.group(BackupNamespace.of("prod"), BackupType.HOST, "web");
      BackupDir w1 = s.snapshot(web, T0, true, List.of(c.subList(0, 1)));
      BackupGroup vm = s.group(BackupNamespace.of("prod", "eu"), BackupType.VM, "100");
      BackupDir v1 = s.snapshot(vm, T0, true, List.of(c));
      BackupDir v2 = s.snapshot(vm, T0 + 60, true, List.of(c.subList(1, 3)));
      v2.setProtected(true);
      BackupDir other = s.snapshot(s.group("other"), T0, true, List.of(c));

      Result r =
          JpbsInProcess.run("ns", "remove", s.base.toString(), "prod", "--delete-groups", "--json");

      assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
      JsonNode j = DatastoreCommandsIT.JSON.readTree(r.stdout());
      assertThat(j.get("removed-all").asBoolean()).isFalse();
      assertThat(j.get("removed-snapshots").asInt()).isEqualTo(2);
      assertThat(j.get("kept-protected"))
          .extracting(JsonNode::asText)
          .containsExactly(v2.relativePath());
      assertThat(j.get("remaining-namespaces"))
          .extracting(JsonNode::asText)
          .containsExactly("prod/eu", "prod");
      assertThat(r.stderrLines().get(0))
          .startsWith("jpbs: namespace 'prod' was not removed completely")
          .contains("kept protected " + v2.relativePath());
      assertThat(r.stderrLines().get(1)).contains("unprotect");
      assertThat(w1.exists()).isFalse();
      assertThat(v1.exists()).isFalse();
      assertThat(v2.exists()).isTrue();
      assertThat(other.exists()).isTrue();
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void remove_deleteGroups_duringGcMarkPhase_touchesChunksFirst() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      ChunkDigest c = s.chunk(7);
      BackupDir d =
          s.snapshot(
              s.group(BackupNamespace.of("prod"), BackupType.HOST, "web"),
              T0,
              true,
              List.of(List.of(c)));
      long now = InstantSource.system().instant().getEpochSecond();
      Result r;
      try (DatastoreSession session =
          DatastoreSession.open(
              s.base, DatastoreSession.stateDir(s.base, null), InstantSource.system())) {
        GcRun run =
            session.state().beginRun(now, now - 86_700, 86_700, new GcRunOptions(1, 0, false));
        session.state().markPhaseBegin(run.runId(), run.minAtime(), now);
        try {
          r = JpbsJar.run("ns", "remove", s.base.toString(), "prod", "--delete-groups");
        } finally {
          session.state().markPhaseEnd(run.runId());
          session.state().finishRun(run.runId(), GcOutcome.ABORTED, "test");
        }
      }

      String left;
      try (var w = Files.walk(s.base.resolve("ns"))) {
        left = w.map(Path::toString).toList().toString();
      }
      assertThat(r.exitCode()).as(r.stderr() + left).isZero();
      assertThat(r.stdout())
          .contains("removed namespace prod: 1 namespace, 1 group, 1 snapshot removed");
      assertThat(d.exists()).isFalse();
      long atime =
          Files.readAttributes(
                  s.store.chunkPath(c), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .lastAccessTime()
              .toInstant()
              .getEpochSecond();
      assertThat(atime)
          .as("chunk touched by the mark-phase barrier")
          .isGreaterThanOrEqualTo(now - 1);
    }
  }
}
