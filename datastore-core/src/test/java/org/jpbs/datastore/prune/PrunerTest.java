package org.jpbs.datastore.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.InvalidBackupNameException;
import org.jpbs.datastore.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrunerTest {
  @TempDir Path tmp;

  @Test
  void pruneNamespace_everyGroupDownToDepth_invariantsPerGroup() throws IOException {
    Datastore store = TestStores.create(tmp);
    Map<BackupGroup, Map<String, List<String>>> before = new HashMap<>();
    for (String ns : List.of("", "a", "a/b", "a/b/c")) {
      BackupGroup g = TestStores.group(store, BackupNamespace.parse(ns), BackupType.VM, "100");
      for (int d = 1; d <= 3; d++) {
        TestStores.snapshot(g, "2024-01-0" + d + "T00:00:00Z", true, false);
      }
      before.put(g, PruneInvariants.capture(g));
    }
    Pruner pruner = new Pruner(KeepOptions.none().withLast(1), ZoneOffset.UTC);
    List<PruneReport> reports = pruner.pruneNamespace(store, BackupNamespace.of("a"), 1, false);
    assertThat(reports)
        .extracting(r -> r.group().namespace().toString())
        .containsExactly("a", "a/b");
    for (PruneReport r : reports) {
      PruneInvariants.check(r.group().toString(), before.get(r.group()), r);
      assertThat(r.with(PruneReport.Status.REMOVED)).hasSize(2);
    }
    assertThat(TestStores.snapshotFiles(store.group(BackupNamespace.root(), BackupType.VM, "100")))
        .hasSize(3);
    assertThat(
            TestStores.snapshotFiles(
                store.group(BackupNamespace.parse("a/b/c"), BackupType.VM, "100")))
        .hasSize(3);
  }

  @Test
  void pruneNamespace_invalidNamespaceOnDisk_failsWithTypedError() throws IOException {
    Datastore store = TestStores.create(tmp);
    TestStores.group(store, BackupNamespace.root(), BackupType.VM, "100");
    Files.createDirectories(store.base().resolve("ns/bad name"));
    Pruner pruner = new Pruner(KeepOptions.none().withLast(1), ZoneOffset.UTC);
    assertThatThrownBy(() -> pruner.pruneNamespace(store, BackupNamespace.root(), 7, true))
        .isInstanceOf(InvalidBackupNameException.class)
        .hasMessageContaining("bad name");
  }
}
