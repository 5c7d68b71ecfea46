package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpbs move-group}: a move, a dry run, and each refusal with its one line and exit code. One
 * store for the class (creating one dominates); each test uses groups of its own id.
 */
@SuppressWarnings("try") // lock guards are held for the scope of the try
class MoveGroupCommandIT {
  static final long T0 = 1_700_000_000L;
  static final BackupNamespace SRC = BackupNamespace.of("src");
  static final BackupNamespace DST = BackupNamespace.of("dst");

  @TempDir static Path dir;
  static TestDatastore t;
  static String store;

  @BeforeAll
  static void createStore() throws Exception {
    t = TestDatastore.create(dir);
    store = t.base.toString();
    t.datastore.createNamespace(DST);
  }

  @AfterAll
  static void closeStore() {
    t.close();
  }

  @BeforeEach
  void invariantHoldsBefore() throws Exception {
    t.assertEveryReferencedChunkExists();
  }

  private BackupGroup groupWith(BackupNamespace ns, String id, long... times) throws Exception {
    BackupGroup g = t.group(ns, BackupType.VM, id);
    for (long time : times) {
      t.snapshot(g, time, true, List.of(t.chunks(time + id.hashCode(), 3)));
    }
    return g;
  }

  private static Result move(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("move-group", store));
    args.addAll(List.of(extra));
    return JpbsInProcess.run(args.toArray(String[]::new));
  }

  @Test
  void move_json_movesEverySnapshotAndRemovesSource() throws Exception {
    BackupGroup src = groupWith(SRC, "1", T0, T0 + 60);

    JsonNode j =
        DatastoreCommandsIT.json(move("--ns", "src", "vm/1", "--target-ns", "dst", "--json"));

    assertThat(j.get("moved")).hasSize(2);
    assertThat(j.get("target-created").asBoolean()).isTrue();
    assertThat(j.get("source-removed").asBoolean()).isTrue();
    assertThat(j.get("error").isNull()).isTrue();
    assertThat(src.exists()).isFalse();
    assertThat(t.datastore.group(DST, BackupType.VM, "1").listSnapshots()).hasSize(2);
    t.assertEveryReferencedChunkExists();
  }

  @Test
  void dryRun_listsAndChangesNothing() throws Exception {
    BackupGroup src = groupWith(SRC, "2", T0);

    Result r = move("--ns", "src", "vm/2", "--target-ns", "dst", "--dry-run");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("would move vm/2/2023-11-14T22:13:20Z");
    assertThat(src.listSnapshots()).hasSize(1);
    assertThat(t.datastore.group(DST, BackupType.VM, "2").exists()).isFalse();
  }

  @Test
  void existingTargetWithoutMerge_exit1_oneLineNamingGroup() throws Exception {
    groupWith(SRC, "3", T0 + 60);
    groupWith(DST, "3", T0);

    Result r = move("--ns", "src", "vm/3", "--target-ns", "dst", "--no-merge");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stderrLines().get(0))
        .startsWith("jpbs: cannot move backup group src:vm/3 to namespace 'dst'")
        .contains("merging is off");
    assertThat(t.datastore.group(SRC, BackupType.VM, "3").listSnapshots()).hasSize(1);
  }

  @Test
  void mergeInvariant_exit1() throws Exception {
    groupWith(SRC, "4", T0);
    groupWith(DST, "4", T0 + 60);

    Result r = move("--ns", "src", "vm/4", "--target-ns", "dst");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stderrLines().get(0)).contains("vm/4").contains("snapshot time mismatch");
    assertThat(t.datastore.group(SRC, BackupType.VM, "4").listSnapshots()).hasSize(1);
  }

  @Test
  void protectedSnapshot_exit1() throws Exception {
    BackupGroup g = groupWith(SRC, "5", T0);
    g.snapshot(T0).setProtected(true);

    Result r = move("--ns", "src", "vm/5", "--target-ns", "dst");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stderrLines().get(0)).contains("vm/5").contains("is protected");
    assertThat(g.listSnapshots()).hasSize(1);
  }

  @Test
  void groupWithRunningBackup_exit3_retryHint() throws Exception {
    BackupGroup g = groupWith(SRC, "6", T0);

    Result r;
    try (LockGuard backup = g.lock()) { // a running backup holds its group lock
      r = move("--ns", "src", "vm/6", "--target-ns", "dst", "--json");
    }

    assertThat(r.exitCode()).isEqualTo(ExitCodes.LOCK_CONTENTION);
    assertThat(r.stderrLines().get(0)).contains("backup group ns/src/vm/6");
    assertThat(r.stderr()).contains("hint: retry");
    JsonNode j = DatastoreCommandsIT.JSON.readTree(r.stdout());
    assertThat(j.get("retryable").asBoolean()).isTrue();
    assertThat(g.listSnapshots()).hasSize(1);
    assertThat(move("--ns", "src", "vm/6", "--target-ns", "dst").exitCode()).isZero();
  }

  @Test
  void missingTargetNamespace_exit1_andMissingOption_exit2() throws Exception {
    groupWith(SRC, "7", T0);

    Result missingNs = move("--ns", "src", "vm/7", "--target-ns", "nowhere");
    Result usage = move("--ns", "src", "vm/7");

    assertThat(missingNs.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(missingNs.stderrLines().get(0))
        .contains("target namespace 'nowhere' does not exist");
    assertThat(usage.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.exists(t.datastore.namespacePath(BackupNamespace.of("nowhere")))).isFalse();
  }
}
