package org.jpbs.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.datastore.move.GroupMove;
import org.jpbs.datastore.move.GroupMoveResult;
import org.jpbs.datastore.move.NamespaceMove;
import org.jpbs.gc.GcEnvironment;
import org.jpbs.gc.GcListener;
import org.jpbs.gc.GcOptions;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.s3.gc.S3GarbageCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Move group and move namespace (with a merge) on an S3 datastore against the real RGW (issue 18,
 * pbs-s3.md §7.3/§7.4): after the moves the cache is discarded and rebuilt from the bucket, and
 * every snapshot is in exactly one place (its target), restores byte for byte, keeps its chunks
 * through an S3 GC, and no object is left under an old prefix; the neighbours {@code vm/1000} of
 * {@code vm/100} and namespace {@code ab} of {@code a} are untouched.
 */
class S3MoveIT {
  @TempDir Path tmp;
  private S3MoveStore s;

  @BeforeEach
  void open() throws Exception {
    s = new S3MoveStore(tmp, S3StoreClient.Options.defaults(), List.of());
  }

  @AfterEach
  void close() {
    if (s != null) {
      s.close();
    }
  }

  @Test
  void movedSnapshotsAreInExactlyOnePlaceAfterCacheLoss() throws Exception {
    lap("store");
    for (String ns : List.of("a", "a/b", "ab", "dst", "t")) {
      s.store().createNamespace(BackupNamespace.parse(ns));
    }
    // origin name -> where it must end up
    Map<String, String> moves = new LinkedHashMap<>();
    BackupDir garbage = s.backup(s.group("", "7")); // forgotten after the refresh: GC removes it
    long garbageMade = System.nanoTime();
    BackupDir mergedOld = s.backup(s.group("dst", "1")); // older than a:vm/1's: merge allowed
    for (int i = 0; i < 2; i++) {
      BackupDir d = s.backup(s.group("", "100"));
      moves.put(S3MoveStore.name(d), "t:vm/100/" + d.backupTimeString());
    }
    for (int i = 0; i < 2; i++) {
      BackupDir d = s.backup(s.group("a", "1"));
      moves.put(S3MoveStore.name(d), "dst:vm/1/" + d.backupTimeString());
    }
    BackupDir ct = s.backup(s.group("a/b", "ct2"));
    moves.put(S3MoveStore.name(ct), "dst/b:ct/2/" + ct.backupTimeString());
    List<String> stay = new ArrayList<>();
    stay.add(S3MoveStore.name(mergedOld));
    stay.add(S3MoveStore.name(s.backup(s.group("", "1000"))));
    stay.add(S3MoveStore.name(s.backup(s.group("ab", "1"))));
    s.setNotes(s.group("", "100"), "notes of vm/100");
    s.setNotes(s.group("a", "1"), "notes of a:vm/1");
    Set<String> before = s.contentKeys();

    lap("backups");
    MoveJournal journal = MoveJournal.of(s.store());
    S3Statistics counted = s.ds.client().counters().snapshot();
    GroupMoveResult g =
        GroupMove.run(s.group("", "100"), BackupNamespace.parse("t"), true, false, journal);
    assertNull(g.failure(), "move-group");
    assertTrue(g.warnings().isEmpty(), g.warnings().toString());
    // 2 snapshots of 3 files: per snapshot 2 LIST, 3 COPY, 1 DELETE (manifest), 1 DeleteObjects;
    // the group: PUT owner and notes, 1 LIST (leftovers), DELETE owner and notes
    S3Statistics used = s.ds.client().counters().snapshot().minus(counted);
    assertEquals(new S3Statistics(5, 8, 0, 2, 4, used.uploaded(), 0), used, "requests of the move");
    NamespaceMove.Result n =
        NamespaceMove.run(
            s.store(),
            BackupNamespace.parse("a"),
            BackupNamespace.parse("dst"),
            BackupNamespace.MAX_DEPTH,
            false,
            true,
            false,
            journal);
    assertTrue(n.failed().isEmpty(), "move-namespace: " + n.failed());
    assertEquals(List.of(BackupNamespace.parse("dst/b")), n.createdNamespaces());

    lap("moves");
    Map<String, String> expected = new TreeMap<>();
    moves.forEach((origin, target) -> expected.put(target, origin));
    stay.forEach(name -> expected.put(name, name));
    expected.put(S3MoveStore.name(garbage), S3MoveStore.name(garbage));
    assertEquals(List.copyOf(expected.keySet()), s.allSnapshots(), "in the cache");

    s.loseCacheAndRefresh();
    lap("refresh");
    assertEquals(List.copyOf(expected.keySet()), s.allSnapshots(), "rebuilt from the bucket");
    Set<String> after = s.contentKeys();
    for (String old : List.of("vm/100/", "ns/a/")) {
      assertFalse(after.stream().anyMatch(k -> k.startsWith(old)), "objects left under " + old);
    }
    S3MoveStore.assertSameKeys(before, after, "vm/1000/");
    S3MoveStore.assertSameKeys(before, after, "ns/ab/");
    assertTrue(after.contains("ns/dst/ns/b/.namespace"), after.toString());
    assertEquals(S3MoveStore.OWNER, s.group("t", "100").owner());
    assertEquals(S3MoveStore.OWNER, s.group("dst/b", "ct2").owner());
    assertEquals("notes of vm/100", Files.readString(s.group("t", "100").notesPath()));
    assertEquals("notes of a:vm/1", Files.readString(s.group("dst", "1").notesPath()));
    assertFalse(s.store().namespaceExists(BackupNamespace.parse("a")));
    assertTrue(s.store().namespaceExists(BackupNamespace.parse("ab")));

    // GC right after the cache loss (no cache file protects anything), then every restore reads
    // its chunks from the bucket
    s.snapshot(S3MoveStore.name(garbage)).destroy(false);
    expected.remove(S3MoveStore.name(garbage));
    // the garbage's objects must be older than the 1 s cutoff (LastModified has whole seconds)
    Thread.sleep(Math.max(0, 3_000 - (System.nanoTime() - garbageMade) / 1_000_000));
    S3GarbageCollection.Result gc = gc();
    lap("gc");
    assertEquals(10, gc.report().sweep().removedChunks(), "the forgotten snapshot's chunks");
    s.assertEveryReferencedObjectExists();
    s.assertRestores(expected);
    lap("restores");
  }

  private long last = System.nanoTime();

  private void lap(String what) {
    long now = System.nanoTime();
    System.out.printf("S3MoveIT %s: %d ms%n", what, (now - last) / 1_000_000);
    last = now;
  }

  private S3GarbageCollection.Result gc() throws Exception {
    try (GcStateStore state =
        GcStateStore.open(GcStateStore.defaultDir(s.ds.cache().base()), InstantSource.system())) {
      GcEnvironment env = new GcEnvironment(s.store(), s.ds.cache(), state, InstantSource.system());
      GcOptions o =
          GcOptions.defaults()
              .withCutoff(Duration.ofSeconds(1))
              .withThreads(2)
              .withMarkMode(GcOptions.MarkMode.SET)
              .withAtimeSafetyCheck(false);
      return S3GarbageCollection.run(
          env,
          s.ds.client(),
          s.ds.chunks(),
          o,
          GcListener.NONE,
          S3GarbageCollection.Settings.defaults());
    }
  }
}
