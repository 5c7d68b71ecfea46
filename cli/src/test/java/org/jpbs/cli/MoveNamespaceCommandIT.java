package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpbs move-namespace}: a move, the depth limit, a busy group. One store for the class; each
 * test works below a top-level namespace of its own.
 */
@SuppressWarnings("try") // lock guards are held for the scope of the try
class MoveNamespaceCommandIT {
  static final long T0 = 1_700_000_000L;

  @TempDir static Path dir;
  static TestDatastore t;
  static String store;

  @BeforeAll
  static void createStore() throws Exception {
    t = TestDatastore.create(dir);
    store = t.base.toString();
  }

  @AfterAll
  static void closeStore() {
    t.close();
  }

  private BackupGroup groupIn(String ns, long seed) throws Exception {
    BackupGroup g = t.group(BackupNamespace.parse(ns), BackupType.HOST, "h");
    t.snapshot(g, T0, true, List.of(t.chunks(seed, 3)));
    return g;
  }

  private static Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("move-namespace", store));
    all.addAll(List.of(args));
    return JpbsInProcess.run(all.toArray(String[]::new));
  }

  @Test
  void move_json_subtreeRenamedSourceRemoved() throws Exception {
    groupIn("m1", 10);
    groupIn("m1/x", 20);

    JsonNode j = DatastoreCommandsIT.json(run("m1", "m1moved", "--json"));

    assertThat(j.get("groups")).hasSize(2);
    assertThat(j.get("failed").asInt()).isZero();
    assertThat(j.get("removed-namespaces").toString()).contains("m1/x", "\"m1\"");
    assertThat(t.datastore.group(BackupNamespace.parse("m1moved/x"), BackupType.HOST, "h").exists())
        .isTrue();
    assertThat(t.datastore.namespaceExists(BackupNamespace.of("m1"))).isFalse();
    t.assertEveryReferencedChunkExists();
  }

  @Test
  void depthLimit_exit1_oneLine_nothingMoved() throws Exception {
    groupIn("m2/a/b", 30);
    t.datastore.createNamespace(BackupNamespace.parse("d1/d2/d3/d4/d5"));

    Result r = run("m2", "d1/d2/d3/d4/d5/m2");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stderrLines().get(0))
        .startsWith("jpbs: cannot move namespace 'm2' to 'd1/d2/d3/d4/d5/m2'")
        .contains("more than 7");
    assertThat(t.datastore.namespaceExists(BackupNamespace.parse("m2/a/b"))).isTrue();
    assertThat(run("m2", "x", "--max-depth", "9").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void busyGroup_exit3_restMovesSourceKept() throws Exception {
    BackupGroup busy = groupIn("m3", 40);
    groupIn("m3/x", 50);

    Result r;
    try (LockGuard backup = busy.lock()) {
      r = run("m3", "m3moved");
    }

    assertThat(r.exitCode()).isEqualTo(ExitCodes.LOCK_CONTENTION);
    assertThat(r.stderrLines().get(0))
        .contains("namespace move partially completed; 1 group(s) could not be moved");
    assertThat(busy.exists()).isTrue();
    assertThat(t.datastore.group(BackupNamespace.parse("m3moved/x"), BackupType.HOST, "h").exists())
        .isTrue();
    assertThat(run("m3", "m3moved").exitCode()).as("a rerun completes").isZero();
    assertThat(t.datastore.namespaceExists(BackupNamespace.of("m3"))).isFalse();
  }
}
