package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jpbs change-owner} and {@code jpbs remove-group}; one store, a group id per test. */
@SuppressWarnings("try") // lock guards are held for the scope of the try
class GroupCommandsIT {
  static final long T0 = 1_700_000_000L;
  static final BackupNamespace NS = BackupNamespace.of("g");

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

  private BackupGroup groupWith(String id, long... times) throws Exception {
    BackupGroup g = t.group(NS, BackupType.CT, id);
    for (long time : times) {
      t.snapshot(g, time, true, List.of(t.chunks(time + 7 * id.hashCode(), 2)));
    }
    return g;
  }

  @Test
  void changeOwner_json_rewritesOwner_busyGroupExit3() throws Exception {
    BackupGroup g = groupWith("1", T0);

    JsonNode j =
        DatastoreCommandsIT.json(
            JpbsInProcess.run(
                "change-owner", store, "--ns", "g", "ct/1", "alice@pbs!tok", "--json"));
    Result busy;
    try (LockGuard backup = g.lock()) {
      busy = JpbsInProcess.run("change-owner", store, "--ns", "g", "ct/1", "bob@pbs");
    }
    Result bad = JpbsInProcess.run("change-owner", store, "--ns", "g", "ct/1", "not an owner");

    assertThat(j.get("previous-owner").asText()).isEqualTo(TestDatastore.OWNER);
    assertThat(g.owner()).isEqualTo("alice@pbs!tok");
    assertThat(busy.exitCode()).isEqualTo(ExitCodes.LOCK_CONTENTION);
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(g.owner()).isEqualTo("alice@pbs!tok");
  }

  @Test
  void removeGroup_removesEverything_protectedKeepsGroupExit1() throws Exception {
    BackupGroup gone = groupWith("2", T0, T0 + 60);
    BackupGroup kept = groupWith("3", T0, T0 + 60);
    kept.snapshot(T0).setProtected(true);

    JsonNode j =
        DatastoreCommandsIT.json(
            JpbsInProcess.run("remove-group", store, "--ns", "g", "ct/2", "--json"));
    Result partial = JpbsInProcess.run("remove-group", store, "--ns", "g", "ct/3");
    Result missing = JpbsInProcess.run("remove-group", store, "--ns", "g", "ct/404");

    assertThat(j.get("removed-snapshots").asInt()).isEqualTo(2);
    assertThat(gone.exists()).isFalse();
    assertThat(partial.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(partial.stderrLines().get(0))
        .contains("backup group g:ct/3 only partially removed: 1 protected snapshot(s) kept");
    assertThat(kept.listSnapshots()).hasSize(1);
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(missing.stderrLines().get(0)).contains("ct/404");
    t.assertEveryReferencedChunkExists();
  }
}
