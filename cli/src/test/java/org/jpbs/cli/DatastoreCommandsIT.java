package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.format.ChunkDigest;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * init, list, protect/unprotect, forget and prune in-process ({@link JpbsInProcess}); one run per
 * command through the real jar.
 *
 * <p>Creating a datastore (65,536 chunk directories) dominates the run time, so tests whose
 * assertions only concern their own snapshots share one store ({@link #shared}), each in a group
 * (or namespace) no other test uses; nothing run against it removes another test's snapshots
 * (forget names one snapshot, prune there is keep-all, dry-run or restricted to the test's own
 * group). Tests that list or prune the whole store, or need it empty, get a fresh one.
 */
class DatastoreCommandsIT {
  static final long T0 = 1_700_000_000L;
  static final long DAY = 86_400L;
  static final ObjectMapper JSON = new ObjectMapper();

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
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return JSON.readTree(r.stdout());
  }

  @Test
  void init_json_createsStoreAndReportsPath() throws Exception {
    Path dir = tmp.resolve("new");
    JsonNode j = json(JpbsJar.run("init", dir.toString(), "--no-atime-check", "--json"));

    assertThat(j.get("path").asText()).isEqualTo(dir.toString());
    assertThat(j.get("chunks-dir").asText()).isEqualTo(dir.resolve(".chunks").toString());
    assertThat(j.get("atime-check").asText()).isEqualTo("skipped");
    assertThat(dir.resolve(".chunks/0000")).isDirectory();
    assertThat(dir.resolve(".chunks/ffff")).isDirectory();
  }

  @Test
  void init_withAtimeCheck_passesOnTmpfs() throws Exception {
    Result r = JpbsInProcess.run("init", tmp.resolve("checked").toString());

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("created datastore").contains("atime safety check: passed");
  }

  @Test
  void init_existingStore_exit5() throws Exception {
    Path dir = tmp.resolve("twice");
    json(JpbsInProcess.run("init", dir.toString(), "--no-atime-check", "--json"));

    Result r = JpbsInProcess.run("init", dir.toString(), "--no-atime-check");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(r.stderrLines().get(0)).startsWith("jpbs: ").contains(".chunks");
  }

  @Test
  void list_notADatastore_exit5_hintsInit() throws Exception {
    Result r = JpbsJar.run("list", tmp.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(r.stderrLines()).hasSize(2);
    assertThat(r.stderrLines().get(0)).startsWith("jpbs: not a chunk store: ");
    assertThat(r.stderrLines().get(1)).contains("jpbs init");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void list_json_groupsAndSnapshotsWithSizesAndState() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      List<ChunkDigest> c = s.chunks(1, 3);
      BackupGroup web = s.group("web");
      s.snapshot(web, T0, true, List.of(c.subList(0, 2), c.subList(2, 3)));
      BackupDir newest = s.snapshot(web, T0 + DAY, false, List.of(c));
      BackupGroup vm = s.group(BackupNamespace.root(), BackupType.VM, "100");
      BackupDir prot = s.snapshot(vm, T0, true, List.of(c));
      prot.setProtected(true);
      BackupGroup inNs = s.group(BackupNamespace.of("a"), BackupType.CT, "200");
      s.snapshot(inNs, T0, true, List.of(c));

      JsonNode root = json(JpbsInProcess.run("list", s.base.toString(), "--json"));
      JsonNode rec = json(JpbsInProcess.run("list", s.base.toString(), "--recursive", "--json"));

      assertThat(root.get("namespaces")).hasSize(1);
      assertThat(root.get("groups")).hasSize(2);
      JsonNode g0 = root.get("groups").get(0);
      assertThat(g0.get("backup-type").asText()).isEqualTo("host");
      assertThat(g0.get("backup-id").asText()).isEqualTo("web");
      assertThat(g0.get("owner").asText()).isEqualTo(TestDatastore.OWNER);
      assertThat(g0.get("backup-count").asInt()).isEqualTo(2);
      assertThat(g0.get("last-backup").asLong()).isEqualTo(T0 + DAY);
      JsonNode snaps = root.get("snapshots");
      assertThat(snaps).hasSize(3);
      JsonNode first = snaps.get(0);
      assertThat(first.get("backup-time").asLong()).isEqualTo(T0);
      assertThat(first.get("finished").asBoolean()).isTrue();
      assertThat(first.get("size").asLong()).isEqualTo(300);
      assertThat(first.get("files")).hasSize(2);
      assertThat(first.get("files").get(0).get("crypt-mode").asText()).isEqualTo("none");
      assertThat(first.get("protected").asBoolean()).isFalse();
      assertThat(first.get("verification").isNull()).isTrue();
      JsonNode partial = snaps.get(1);
      assertThat(partial.get("path").asText()).isEqualTo(newest.relativePath());
      assertThat(partial.get("finished").asBoolean()).isFalse();
      assertThat(partial.get("size").isNull()).isTrue();
      assertThat(snaps.get(2).get("protected").asBoolean()).isTrue();
      assertThat(rec.get("namespaces")).extracting(JsonNode::asText).containsExactly("", "a");
      assertThat(rec.get("groups")).hasSize(3);
      assertThat(rec.get("snapshots").get(3).get("ns").asText()).isEqualTo("a");
    }
  }

  @Test
  void list_human_alignedTables() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      s.snapshot(s.group("web"), T0, true, List.of(s.chunks(1, 2)));

      Result r = JpbsInProcess.run("list", s.base.toString());

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout())
          .contains("group     owner     snapshots  last backup")
          .contains("host/web  test@pbs          1  2023-11-14T22:13:20Z")
          .contains("host/web/2023-11-14T22:13:20Z  200 B  no")
          .contains("finished");
    }
  }

  @Test
  void list_human_showsArchiveNamesAndLogicalSize() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      List<ChunkDigest> c = s.chunks(1, 3);
      s.snapshot(s.group("web"), T0, true, List.of(c.subList(0, 1), c));

      Result r = JpbsInProcess.run("list", s.base.toString());

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout())
          .contains("archives")
          .contains("archive0.didx, archive1.didx")
          .contains("400 B");
    }
  }

  @Test
  void list_garbageManifest_shownAsDamaged_notFinished() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      BackupDir d = s.snapshot(s.group("web"), T0, true, List.of(s.chunks(1, 2)));
      Files.write(d.fullPath().resolve("index.json.blob"), "garbage, not a blob".getBytes());

      Result human = JpbsInProcess.run("list", s.base.toString());
      JsonNode j = json(JpbsInProcess.run("list", s.base.toString(), "--json"));

      assertThat(human.exitCode()).as(human.stderr()).isZero();
      assertThat(human.stdout()).contains("DAMAGED").doesNotContain("finished");
      assertThat(human.stderr())
          .contains("damaged")
          .contains(d.fullPath().resolve("index.json.blob").toString());
      JsonNode snap = j.get("snapshots").get(0);
      assertThat(snap.get("finished").asBoolean()).isFalse();
      assertThat(snap.get("state").asText()).isEqualTo("damaged");
      assertThat(snap.get("manifest-error").asText()).isNotEmpty();
      assertThat(snap.get("size").isNull()).isTrue();
      assertThat(snap.get("files"))
          .extracting(f -> f.get("filename").asText())
          .containsExactly("archive0.didx");
    }
  }

  @Test
  void protectUnprotect_json_togglesMarker() throws Exception {
    {
      TestDatastore s = shared;
      BackupDir d = s.snapshot(s.group("protect-toggle"), T0, true, List.of(s.chunks(1, 1)));

      JsonNode on = json(JpbsJar.run("protect", s.base.toString(), d.relativePath(), "--json"));
      boolean afterProtect = d.isProtected();
      JsonNode off = json(JpbsJar.run("unprotect", s.base.toString(), d.relativePath(), "--json"));

      assertThat(on.get("protected").asBoolean()).isTrue();
      assertThat(on.get("snapshot").asText()).isEqualTo(d.relativePath());
      assertThat(afterProtect).isTrue();
      assertThat(off.get("protected").asBoolean()).isFalse();
      assertThat(d.isProtected()).isFalse();
    }
  }

  @Test
  void forget_json_removesSnapshot_invariantHolds() throws Exception {
    {
      TestDatastore s = shared;
      List<ChunkDigest> c = s.chunks(1, 2);
      BackupGroup g = s.group(BackupNamespace.of("a", "b"), BackupType.HOST, "web");
      BackupDir old = s.snapshot(g, T0, true, List.of(c));
      BackupDir keep = s.snapshot(g, T0 + DAY, true, List.of(c));

      JsonNode j = json(JpbsJar.run("forget", s.base.toString(), old.relativePath(), "--json"));

      assertThat(j.get("removed").asBoolean()).isTrue();
      assertThat(j.get("snapshot").asText()).isEqualTo("ns/a/ns/b/host/web/2023-11-14T22:13:20Z");
      assertThat(old.exists()).isFalse();
      assertThat(keep.exists()).isTrue();
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void forget_protected_exit1_withHint() throws Exception {
    {
      TestDatastore s = shared;
      BackupDir d = s.snapshot(s.group("forget-protected"), T0, true, List.of(s.chunks(1, 1)));
      d.setProtected(true);

      Result r = JpbsInProcess.run("forget", s.base.toString(), d.relativePath());

      assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(r.stderrLines().get(1)).startsWith("hint: ").contains("unprotect");
      assertThat(d.exists()).isTrue();
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void forget_snapshotLockedByReader_exit3_nothingRemoved() throws Exception {
    {
      TestDatastore s = shared;
      BackupDir d = s.snapshot(s.group("forget-locked"), T0, true, List.of(s.chunks(1, 1)));
      Result r;
      try (LockGuard reader = d.lockShared()) {
        r = JpbsInProcess.run("forget", s.base.toString(), d.relativePath());
      }

      assertThat(r.exitCode()).isEqualTo(ExitCodes.LOCK_CONTENTION);
      assertThat(r.stderrLines().get(0))
          .startsWith("jpbs: unable to acquire exclusive lock on snapshot");
      assertThat(r.stdout()).isEmpty();
      assertThat(d.exists()).isTrue();
    }
  }

  @Test
  void forget_badSnapshotPath_exit2() throws Exception {
    {
      TestDatastore s = shared;
      Result r = JpbsInProcess.run("forget", s.base.toString(), "host/web");

      assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.stderrLines()).hasSize(1);
      assertThat(r.stderrLines().get(0))
          .contains("SNAPSHOT")
          .endsWith("(see 'jpbs forget --help')");
    }
  }

  @Test
  void prune_dryRunThenReal_keepLast_protectedSurvives_invariantHolds() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      List<ChunkDigest> c = s.chunks(1, 4);
      BackupGroup g = s.group("web");
      List<BackupDir> dirs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        dirs.add(s.snapshot(g, T0 + i * DAY, true, List.of(c.subList(i, i + 1))));
      }
      dirs.get(0).setProtected(true);

      JsonNode dry =
          json(
              JpbsInProcess.run(
                  "prune", s.base.toString(), "--keep-last", "1", "--dry-run", "--json"));
      boolean allAfterDry = dirs.stream().allMatch(BackupDir::exists);
      JsonNode real = json(JpbsJar.run("prune", s.base.toString(), "--keep-last", "1", "--json"));

      assertThat(allAfterDry).isTrue();
      assertThat(dry.get("dry-run").asBoolean()).isTrue();
      assertThat(dry.get("removed").asInt()).isEqualTo(2);
      assertThat(dry.get("snapshots"))
          .extracting(n -> n.get("mark").asText())
          .containsExactly("protected", "remove", "remove", "keep");
      assertThat(dry.get("snapshots"))
          .extracting(n -> n.get("status").asText())
          .containsExactly("kept", "would-remove", "would-remove", "kept");
      assertThat(real.get("removed").asInt()).isEqualTo(2);
      assertThat(real.get("failed").asInt()).isZero();
      assertThat(real.get("snapshots").get(1).get("status").asText()).isEqualTo("removed");
      assertThat(dirs).extracting(BackupDir::exists).containsExactly(true, false, false, true);
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void prune_human_printsPbsLines() throws Exception {
    {
      TestDatastore s = shared;
      BackupGroup g = s.group("web");
      s.snapshot(g, T0, true, List.of(s.chunks(1, 1)));
      s.snapshot(g, T0 + DAY, true, List.of(s.chunks(2, 1)));

      Result r =
          JpbsInProcess.run(
              "prune", s.base.toString(), "--group", "host/web", "--keep-daily", "1", "-n");

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout().lines())
          .containsExactly(
              "Pruning group host/web",
              "would remove host/web/2023-11-14T22:13:20Z",
              "would keep host/web/2023-11-15T22:13:20Z");
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void prune_keepWithin_keepsRecentOnes() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      BackupGroup g = s.group("web");
      List<BackupDir> dirs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        dirs.add(s.snapshot(g, T0 + i * DAY, true, List.of(s.chunks(i * 10L, 1))));
      }

      JsonNode j =
          json(JpbsInProcess.run("prune", s.base.toString(), "--keep-within", "2d", "--json"));

      assertThat(j.get("removed").asInt()).isEqualTo(2);
      assertThat(dirs).extracting(BackupDir::exists).containsExactly(false, false, true, true);
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void prune_noKeepOption_keepsEverything() throws Exception {
    {
      TestDatastore s = shared;
      BackupDir d = s.snapshot(s.group("prune-keep-all"), T0, true, List.of(s.chunks(1, 1)));

      Result r = JpbsInProcess.run("prune", s.base.toString(), "--json");
      JsonNode j = json(r);

      assertThat(j.get("keep-all").asBoolean()).isTrue();
      assertThat(j.get("removed").asInt()).isZero();
      assertThat(r.stderr()).contains("keeping every snapshot");
      assertThat(d.exists()).isTrue();
    }
  }

  @Test
  void prune_lockedSnapshot_reportsFailure_exit3() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      BackupGroup g = s.group("web");
      BackupDir old = s.snapshot(g, T0, true, List.of(s.chunks(1, 1)));
      s.snapshot(g, T0 + DAY, true, List.of(s.chunks(2, 1)));
      Result r;
      try (LockGuard reader = old.lockShared()) {
        r = JpbsInProcess.run("prune", s.base.toString(), "--keep-last", "1", "--json");
      }

      assertThat(r.exitCode()).isEqualTo(ExitCodes.LOCK_CONTENTION);
      JsonNode j = JSON.readTree(r.stdout());
      assertThat(j.get("failed").asInt()).isEqualTo(1);
      assertThat(j.get("snapshots").get(0).get("status").asText()).isEqualTo("failed");
      assertThat(j.get("snapshots").get(0).get("error").asText())
          .contains("locked by another operation");
      assertThat(r.stderr())
          .contains("jpbs: warning: removing host/web/2023-11-14T22:13:20Z failed");
      assertThat(old.exists()).isTrue();
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void prune_negativeKeep_exit2() throws Exception {
    {
      TestDatastore s = shared;
      Result r = JpbsInProcess.run("prune", s.base.toString(), "--keep-last", "-1");

      assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.stderrLines()).hasSize(1);
      assertThat(Files.exists(s.base)).isTrue();
    }
  }
}
