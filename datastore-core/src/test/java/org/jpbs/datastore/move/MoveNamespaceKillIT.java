package org.jpbs.datastore.move;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.TestStores;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 between the steps of a {@code move-namespace} ({@code a}, {@code a/x}, {@code a/x/y} with
 * two groups of two snapshots each, to {@code b}): after every kill each snapshot is complete and
 * in exactly one place, every snapshot found at its destination is journaled (so a GC marking at
 * the time would have drained it), and a rerun completes the move.
 */
class MoveNamespaceKillIT {
  static final List<BackupNamespace> SOURCES =
      List.of(
          BackupNamespace.of("a"), BackupNamespace.of("a", "x"), BackupNamespace.of("a", "x", "y"));
  static final List<String> TIMES = List.of("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z");

  @TempDir Path tmp;

  /** Source snapshot → its files, for a fresh store in {@code dir}. */
  private static Map<BackupDir, List<String>> build(Datastore store) throws IOException {
    Map<BackupDir, List<String>> out =
        new TreeMap<>((x, y) -> x.toString().compareTo(y.toString()));
    for (BackupNamespace ns : SOURCES) {
      for (String id : List.of("1", "2")) {
        BackupGroup g = TestStores.group(store, ns, BackupType.VM, id);
        for (String time : TIMES) {
          TestStores.snapshot(g, time, true, false);
        }
        out.putAll(
            TestStores.snapshotFiles(g).entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        e -> g.snapshot(e.getKey()), Map.Entry::getValue)));
      }
    }
    return out;
  }

  private static BackupDir destination(Datastore store, BackupDir src) {
    BackupNamespace t =
        NamespaceMove.mapPrefix(src.namespace(), BackupNamespace.of("a"), BackupNamespace.of("b"));
    return store.snapshot(t, src.group().type(), src.group().id(), src.backupTimeString());
  }

  private static int countSteps(Path dir) throws IOException {
    Datastore store = Datastore.create(dir);
    build(store);
    int[] steps = {0};
    MoveKillChild.moveAToB(store, s -> steps[0]++);
    return steps[0];
  }

  @Test
  void killAtEveryStep_storeConsistent_journalCoversMoved_rerunCompletes() throws Exception {
    int steps = countSteps(tmp.resolve("count"));
    assertThat(steps).isGreaterThanOrEqualTo(40);
    List<Integer> points = new ArrayList<>();
    for (int k = 1; k <= steps; k++) {
      points.add(k);
    }
    assertThat(points).hasSizeGreaterThanOrEqualTo(20);

    for (int k : points) {
      Datastore store = Datastore.create(tmp.resolve("store" + k));
      Map<BackupDir, List<String>> snapshots = build(store);
      Process child =
          new ProcessBuilder(
                  ChildJvm.command(
                      MoveKillChild.class, store.base().toString(), Integer.toString(k)))
              .redirectErrorStream(true)
              .start();
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("killed at step " + k).isEqualTo(137);

      Set<Path> journaled = new HashSet<>(MoveJournal.of(store).read());
      for (Map.Entry<BackupDir, List<String>> e : snapshots.entrySet()) {
        BackupDir src = e.getKey();
        BackupDir dst = destination(store, src);
        boolean atSrc = Files.isDirectory(src.fullPath());
        boolean atDst = Files.isDirectory(dst.fullPath());
        assertThat(atSrc ^ atDst).as("step %d: %s in exactly one place", k, src).isTrue();
        BackupDir where = atSrc ? src : dst;
        assertThat(TestStores.snapshotFiles(where.group()).get(where.backupTimeString()))
            .as("step %d: %s complete", k, where)
            .isEqualTo(e.getValue());
        if (atDst) {
          assertThat(journaled)
              .as("step %d: %s journaled before its rename", k, dst)
              .contains(
                  dst.fullPath().resolve("drive-scsi0.img.fidx"),
                  dst.fullPath().resolve("root.pxar.didx"));
        }
      }

      if (store.namespaceExists(BackupNamespace.of("a"))) {
        NamespaceMove.Result rerun = MoveKillChild.moveAToB(store, MoveProbe.NONE);
        assertThat(rerun.failed()).as("step %d: rerun", k).isEmpty();
      }
      assertThat(store.namespaceExists(BackupNamespace.of("a"))).as("step %d", k).isFalse();
      for (Map.Entry<BackupDir, List<String>> e : snapshots.entrySet()) {
        BackupDir dst = destination(store, e.getKey());
        assertThat(TestStores.snapshotFiles(dst.group()).get(dst.backupTimeString()))
            .as("step %d: %s moved completely", k, dst)
            .isEqualTo(e.getValue());
      }
    }
  }
}
