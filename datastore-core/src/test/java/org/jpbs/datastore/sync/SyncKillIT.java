package org.jpbs.datastore.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.FileTrees;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 right after a step of a sync (every step with {@code -Djpbs.sync.killPoints=all}, else
 * that many points spread over the run; 1 by default, the middle step): no partial or unfinished
 * snapshot is visible on the target, every visible one is a faithful copy, nothing referenced is
 * missing, and a rerun completes without leftovers.
 */
class SyncKillIT {
  @TempDir Path tmp;

  private static List<Integer> points(int steps) {
    String p = System.getProperty("jpbs.sync.killPoints", "1");
    List<Integer> out = new ArrayList<>();
    if (p.equals("all")) {
      for (int k = 1; k <= steps; k++) {
        out.add(k);
      }
      return out;
    }
    int n = Math.max(1, Math.min(steps, Integer.parseInt(p)));
    if (n == 1) {
      return List.of((steps + 1) / 2); // mid-run: one snapshot visible, one half copied
    }
    for (int i = 0; i < n; i++) {
      out.add(1 + (int) ((long) i * (steps - 1) / Math.max(1, n - 1)));
    }
    return out;
  }

  /** Empties the target: its groups, namespaces and chunks (the 65,536 directories stay). */
  private static void reset(Datastore t) throws IOException {
    for (BackupGroup g : t.listGroups(BackupNamespace.root())) {
      FileTrees.delete(g.fullPath());
    }
    Path ns = t.base().resolve(BackupNamespace.NS_DIR);
    if (Files.exists(ns)) {
      FileTrees.delete(ns);
    }
    try (Stream<Path> s = Files.walk(t.base().resolve(Datastore.CHUNKS_DIR))) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        Files.delete(p);
      }
    }
  }

  @Test
  void killAfterAnyStep_noPartialSnapshotVisible_rerunCompletes() throws Exception {
    SyncEndpoint source = SyncStores.create(tmp.resolve("source"));
    Datastore s = source.datastore();
    s.createNamespace(BackupNamespace.of("a"));
    BackupGroup vm = s.group(BackupNamespace.root(), BackupType.VM, "100");
    SyncStores.backup(source, vm, SyncStores.T0, 1);
    SyncStores.backup(source, vm, SyncStores.T0 + 3600, 2);
    SyncStores.backup(
        source, s.group(BackupNamespace.of("a"), BackupType.CT, "7"), SyncStores.T0, 3);
    List<String> all = SyncStores.snapshots(s);
    SyncEndpoint target = SyncStores.create(tmp.resolve("target"));
    int[] steps = {0};
    SyncKillChild.run(source.datastore().base(), target.datastore().base(), x -> steps[0]++);
    assertThat(steps[0]).isGreaterThanOrEqualTo(20);
    System.out.println("sync steps: " + steps[0] + ", kill points: " + points(steps[0]));
    for (int k : points(steps[0])) {
      reset(target.datastore());
      Process child =
          new ProcessBuilder(
                  ChildJvm.command(
                      SyncKillChild.class,
                      source.datastore().base().toString(),
                      target.datastore().base().toString(),
                      Integer.toString(k)))
              .redirectErrorStream(true)
              .start();
      String output = new String(child.getInputStream().readAllBytes());
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("killed after step %d: %s", k, output).isEqualTo(137);
      List<String> visible = SyncStores.snapshots(target.datastore());
      assertThat(all)
          .as("step %d: only finished source snapshots are visible", k)
          .containsAll(visible);
      for (String v : visible) {
        SnapshotInfo info = find(target.datastore(), v);
        SyncStores.assertSameSnapshot(source, find(s, v).dir(), target, info.dir());
      }
      SyncStores.assertInvariant(target);

      SyncReport rerun =
          SyncKillChild.run(source.datastore().base(), target.datastore().base(), SyncProbe.NONE);
      assertThat(rerun.failures()).as("step %d: rerun", k).isEmpty();
      assertThat(rerun.snapshotsCopied())
          .as("step %d: finished ones not copied again", k)
          .isEqualTo(all.size() - visible.size());
      assertThat(SyncStores.snapshots(target.datastore())).as("step %d", k).isEqualTo(all);
      try (Stream<Path> w = Files.walk(target.datastore().base())) {
        assertThat(w.map(p -> p.getFileName().toString())).noneMatch(f -> f.startsWith(".sync-"));
      }
      SyncStores.assertInvariant(target);
    }
    SyncStores.recycle(source, target);
  }

  private static SnapshotInfo find(Datastore ds, String path) throws IOException {
    for (BackupNamespace ns : ds.listNamespaces(BackupNamespace.root(), 7)) {
      for (BackupGroup g : ds.listGroups(ns)) {
        for (SnapshotInfo i : g.listSnapshots()) {
          if (i.dir().toString().equals(path)) {
            return i;
          }
        }
      }
    }
    throw new AssertionError("no snapshot " + path);
  }
}
