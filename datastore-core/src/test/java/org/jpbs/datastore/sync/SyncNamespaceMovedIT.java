package org.jpbs.datastore.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.datastore.move.NamespaceMove;
import org.jpbs.testkit.ReferencedChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source namespace moved away while a sync runs (found by the multi-process torture, seed 1: the
 * whole sync failed with {@code NoSuchFileException .../ns/c}): the vanished namespace is skipped
 * with a warning, like a vanished snapshot, not a failure of the run; the next run syncs its groups
 * where they are now.
 */
class SyncNamespaceMovedIT {
  @TempDir Path tmp;
  private final List<SyncEndpoint> opened = new ArrayList<>();

  private SyncEndpoint store(String name) throws IOException {
    SyncEndpoint e = SyncStores.create(tmp.resolve(name));
    opened.add(e);
    return e;
  }

  @AfterEach
  void recycle() {
    SyncStores.recycle(opened.toArray(SyncEndpoint[]::new));
  }

  @Test
  void sourceNamespaceMovedDuringSync_isSkippedNotAFailure_andSyncedWhereItIsNext()
      throws IOException {
    SyncEndpoint source = store("source");
    SyncEndpoint target = store("target");
    SyncStores.populate(source); // vm/300 in a/b
    SyncOptions o = SyncOptions.defaults().withSync(false).withRemoveVanished(true);
    assertThat(sync(source, target, o, SyncListener.NONE).failures()).isEmpty();
    BackupNamespace ab = BackupNamespace.of("a", "b");
    BackupNamespace c = BackupNamespace.of("c");
    List<String> warnings = new ArrayList<>();
    SyncReport r =
        sync(
            source,
            target,
            o,
            new SyncListener() {
              @Override
              public void planned(long snapshots, long bytes) {
                try { // after the namespaces and their groups were listed
                  NamespaceMove.Result m =
                      NamespaceMove.run(
                          source.datastore(),
                          ab,
                          c,
                          BackupNamespace.MAX_DEPTH,
                          false,
                          true,
                          false,
                          MoveJournal.of(source.datastore()));
                  assertThat(m.removedNamespaces()).containsExactly(ab);
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              }

              @Override
              public void warn(String line) {
                warnings.add(line);
              }
            });
    assertThat(r.failures()).as("the run survives the vanished namespace").isEmpty();
    assertThat(warnings).anyMatch(w -> w.contains("'a/b' vanished"));
    // the group, listed before the move, lists no snapshot now: remove-vanished mirrors that
    assertThat(r.snapshotsRemoved()).isEqualTo(3);

    SyncReport next = sync(source, target, o, SyncListener.NONE);
    assertThat(next.failures()).isEmpty();
    assertThat(next.snapshotsCopied()).isEqualTo(3);
    assertThat(
            target
                .datastore()
                .group(c, source.datastore().listGroups(c).get(0).type(), "300")
                .listSnapshots())
        .hasSize(3);
    ReferencedChunks.assertAllExist(source.datastore().base());
    ReferencedChunks.assertAllExist(target.datastore().base());
  }

  private static SyncReport sync(
      SyncEndpoint source, SyncEndpoint target, SyncOptions o, SyncListener listener)
      throws IOException {
    return DatastoreSync.run(source, target, o, listener, InstantSource.system());
  }
}
