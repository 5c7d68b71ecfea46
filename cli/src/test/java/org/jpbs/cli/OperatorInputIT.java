package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpbs.cli.DatastoreCommandsIT.DAY;
import static org.jpbs.cli.DatastoreCommandsIT.T0;
import static org.jpbs.cli.DatastoreCommandsIT.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator types wrong or leaves out (issue 13, items 5, 7, 9 and the prune order of 19):
 * keep-all prune reads as keep, invalid keep values and names are usage errors, {@code init}
 * refuses a non-empty directory, prune visits groups in a sorted order. In-process (JpbsInProcess)
 * unless a process boundary is tested.
 *
 * <p>Creating a datastore (65,536 chunk directories) dominates the run time, so the two tests whose
 * commands are all refused as usage errors share one store ({@link #shared}); the one that adds
 * snapshots uses a group of its own, and neither creates anything at the top of the store. Tests
 * that prune or list the whole store get a fresh one.
 */
class OperatorInputIT {
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

  /** One line {@code jpbs: ...} on stderr (no stack trace, no "internal error"), exit 2. */
  static void assertUsageError(Result r, String mentions) {
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderrLines()).as(r.stderr()).hasSize(1);
    assertThat(r.stderrLines().get(0)).startsWith("jpbs: ").contains(mentions);
    assertThat(r.stderr()).doesNotContain("internal error").doesNotContain("Exception");
  }

  @Test
  void prune_noEffectiveKeepOption_reportsEveryoneAsKept() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      BackupGroup g = s.group("web");
      List<BackupDir> dirs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        dirs.add(s.snapshot(g, T0 + i * DAY, true, List.of(s.chunks(i * 10L, 1))));
      }

      JsonNode j = json(JpbsInProcess.run("prune", s.base.toString(), "--dry-run", "--json"));
      Result human = JpbsInProcess.run("prune", s.base.toString());

      assertThat(j.get("keep-all").asBoolean()).isTrue();
      assertThat(j.get("snapshots"))
          .hasSize(3)
          .allSatisfy(
              n -> {
                assertThat(n.get("mark").asText()).isEqualTo("keep");
                assertThat(n.get("keep").asBoolean()).isTrue();
                assertThat(n.get("status").asText()).isEqualTo("kept");
              });
      assertThat(human.exitCode()).as(human.stderr()).isZero();
      assertThat(human.stdout()).doesNotContain("remove");
      assertThat(human.stdout().lines().filter(l -> l.startsWith("keep host/web/"))).hasSize(3);
      assertThat(dirs).allMatch(BackupDir::exists);
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void prune_zeroKeepValues_areUsageErrors_andRemoveNothing() throws Exception {
    {
      TestDatastore s = shared;
      BackupGroup g = s.group("zero-keep");
      BackupDir a = s.snapshot(g, T0, true, List.of(s.chunks(1, 1)));
      BackupDir b = s.snapshot(g, T0 + DAY, true, List.of(s.chunks(2, 1)));

      for (String[] opt :
          List.of(
              new String[] {"--keep-last", "0"},
              new String[] {"--keep-daily", "0"},
              new String[] {"--keep-yearly", "-1"},
              new String[] {"--keep-within", "0d"})) {
        Result r = JpbsInProcess.run("prune", s.base.toString(), opt[0], opt[1]);
        assertUsageError(r, opt[0]);
      }
      assertThat(a.exists()).isTrue();
      assertThat(b.exists()).isTrue();
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void prune_visitsNamespacesAndGroupsInSortedOrder() throws Exception {
    try (TestDatastore s = TestDatastore.create(tmp)) {
      // created in an order a directory listing (tmpfs: newest first) does not sort
      String[][] groups = {
        {"vm", "100"}, {"host", "alpha"}, {"vm", "20"}, {"ct", "5"}, {"host", "zeta"}
      };
      for (BackupNamespace ns :
          List.of(
              BackupNamespace.of("b"),
              BackupNamespace.root(),
              BackupNamespace.of("a"),
              BackupNamespace.of("a", "z"),
              BackupNamespace.of("a-x"))) {
        for (String[] g : groups) {
          BackupGroup group = s.group(ns, BackupType.parse(g[0]), g[1]);
          s.snapshot(group, T0, true, List.of(s.chunks(1, 1)));
        }
      }

      Result r = JpbsInProcess.run("prune", s.base.toString(), "--keep-last", "1", "--dry-run");

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      List<String> visited =
          r.stdout()
              .lines()
              .filter(l -> l.startsWith("Pruning group "))
              .map(l -> l.substring(14))
              .toList();
      List<String> expected = new ArrayList<>();
      for (String ns : List.of("", "ns/a/", "ns/a/ns/z/", "ns/a-x/", "ns/b/")) {
        for (String g : List.of("ct/5", "host/alpha", "host/zeta", "vm/20", "vm/100")) {
          expected.add(ns + g);
        }
      }
      assertThat(visited).containsExactlyElementsOf(expected);
      s.assertEveryReferencedChunkExists();
    }
  }

  @Test
  void invalidNamesAndOwner_areUsageErrors_andCreateNothing() throws Exception {
    {
      TestDatastore s = shared;
      Path conf = Files.writeString(tmp.resolve("vm.conf"), "memory: 512\n");
      String spec = "vm.conf:" + conf;
      String longId = "x".repeat(300);

      assertUsageError(JpbsInProcess.run("backup", s.base.toString(), "vm/a b", spec), "a b");
      assertUsageError(
          JpbsInProcess.run("backup", s.base.toString(), "vm/" + longId, spec), "too long");
      assertUsageError(
          JpbsInProcess.run("backup", s.base.toString(), "vm/a\u0001b", spec), "\\x01");
      assertUsageError(
          JpbsInProcess.run("backup", s.base.toString(), "vm/100", spec, "--owner", "bad owner"),
          "bad owner");
      assertUsageError(
          JpbsInProcess.run("prune", s.base.toString(), "--group", "vm/a b", "--keep-last", "1"),
          "a b");
      assertUsageError(JpbsInProcess.run("verify", s.base.toString(), "--group", "vm/a b"), "a b");

      try (Stream<Path> top = Files.list(s.base)) {
        assertThat(top.map(p -> p.getFileName().toString())).doesNotContain("vm");
      }
    }
  }

  @Test
  void init_nonEmptyDirectory_isRefused_andNothingIsCreated() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(dir.resolve("important.txt"), "keep me\n");

    Result r = JpbsInProcess.run("init", dir.toString(), "--no-atime-check");

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(r.stderrLines().get(0))
        .startsWith("jpbs: ")
        .contains(dir.toString())
        .contains("not empty");
    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("important.txt");
    }
  }

  @Test
  void init_directoryWithOnlyHiddenEntriesAndLostFound_isAccepted() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mountpoint"));
    Files.createDirectory(dir.resolve("lost+found"));
    Files.writeString(dir.resolve(".hidden"), "x");

    Result r = JpbsInProcess.run("init", dir.toString(), "--no-atime-check");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(dir.resolve(".chunks/0000")).isDirectory();
  }
}
