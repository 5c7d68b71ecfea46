package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.backend.LocalChunkBackend;
import org.jpbs.datastore.backup.WriterRegistration;
import org.jpbs.datastore.lock.LockedException;
import org.jpbs.datastore.sync.DatastoreSync;
import org.jpbs.datastore.sync.SyncEndpoint;
import org.jpbs.datastore.sync.SyncListener;
import org.jpbs.datastore.sync.SyncOptions;
import org.jpbs.datastore.sync.SyncReport;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.testkit.ReferencedChunks;
import org.jpbs.testkit.datastore.TestDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code jpbs gc} (child JVM) on the target, and a prune plus {@code jpbs gc} on the source,
 * while a sync runs (staged at its steps): nothing referenced is lost on either side, and the GCs
 * did remove the garbage they were given (so they really swept). Every chunk is aged past the
 * cutoff beforehand: only the sync's touches, its registration and its source locks protect.
 */
class SyncGcRaceIT {
  @TempDir Path tmp;

  private static SyncEndpoint endpoint(TestDatastore t, WriterRegistration reg) {
    return new SyncEndpoint(t.datastore, t.store, new LocalChunkBackend(t.store), reg);
  }

  private static void gc(Path base) {
    try {
      Result r = JpbsJar.run("gc", base.toString(), "--no-atime-check", "--no-progress");
      assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void targetGcDuringSync_keepsEveryChunkTheSyncTouchedOrCopied() throws Exception {
    try (TestDatastore src = TestDatastore.create(tmp.resolve("src"));
        TestDatastore dst = TestDatastore.create(tmp.resolve("dst"))) {
      BackupGroup g = src.group("web");
      List<ChunkDigest> a = src.chunks(0, 10);
      src.snapshot(g, 1000, true, List.of(a));
      SyncOptions o = SyncOptions.defaults().withSync(false).withOwner(TestDatastore.OWNER);
      DatastoreSync.run(
          endpoint(src, WriterRegistration.NONE),
          endpoint(dst, WriterRegistration.NONE),
          o,
          SyncListener.NONE,
          InstantSource.system());
      // the target forgets it: its chunks become old garbage there, wanted again by the next sync
      dst.datastore.group(g.namespace(), g.type(), g.id()).snapshot(1000L).destroy(false);
      List<ChunkDigest> b = new ArrayList<>(src.chunks(5, 10)); // half shared with a
      src.snapshot(g, 2000, true, List.of(b));
      ChunkDigest garbage = dst.chunk(999);
      for (ChunkDigest d : dst.chunksOnDisk()) {
        dst.age(d);
      }
      int[] gcs = {0};
      try (GcStateStore state =
          GcStateStore.open(DatastoreSession.stateDir(dst.base, null), InstantSource.system())) {
        WriterRegistration reg = (kind, desc) -> state.registerWriter(kind, desc)::close;
        SyncReport r =
            DatastoreSync.run(
                endpoint(src, WriterRegistration.NONE),
                endpoint(dst, reg),
                o,
                SyncListener.NONE,
                InstantSource.system(),
                step -> {
                  // before the first snapshot becomes visible, and midway through the second
                  if ((gcs[0] == 0 && step.startsWith("manifest"))
                      || (gcs[0] == 1 && step.startsWith("chunk"))) {
                    gcs[0]++;
                    gc(dst.base);
                  }
                });
        assertThat(r.failures()).isEmpty();
        assertThat(r.snapshotsCopied()).isEqualTo(2);
      }
      assertThat(gcs[0]).isEqualTo(2);
      assertThat(Files.exists(dst.store.chunkPath(garbage))).as("the GC swept").isFalse();
      ReferencedChunks.assertAllExist(dst.base);
      ReferencedChunks.assertAllExist(src.base);
    }
  }

  @org.junit.jupiter.api.Tag("slow") // -Djpbs.tags.exclude= runs it; CI budget
  @Test
  void sourcePruneAndGcDuringSync_theLockedSnapshotIsCopiedWholeThePrunedOneSkipped()
      throws Exception {
    try (TestDatastore src = TestDatastore.create(tmp.resolve("src"));
        TestDatastore dst = TestDatastore.create(tmp.resolve("dst"))) {
      BackupGroup g = src.group("db");
      BackupDir s1 = src.snapshot(g, 1000, true, List.of(src.chunks(0, 8)));
      BackupDir s2 = src.snapshot(g, 2000, true, List.of(src.chunks(100, 8)));
      src.snapshot(g, 3000, true, List.of(src.chunks(200, 8)));
      List<ChunkDigest> onlyS2 = src.chunks(100, 8);
      for (ChunkDigest d : src.chunksOnDisk()) {
        src.age(d);
      }
      boolean[] staged = {false};
      SyncReport r =
          DatastoreSync.run(
              endpoint(src, WriterRegistration.NONE),
              endpoint(dst, WriterRegistration.NONE),
              SyncOptions.defaults().withSync(false).withOwner(TestDatastore.OWNER),
              SyncListener.NONE,
              InstantSource.system(),
              step -> {
                if (!staged[0] && step.startsWith("chunk")) { // s1 half copied, locked shared
                  staged[0] = true;
                  assertThatThrownBy(() -> s1.destroy(false)).isInstanceOf(LockedException.class);
                  s2.destroy(false); // the prune removes what it can
                  gc(src.base);
                }
              });
      assertThat(staged[0]).isTrue();
      assertThat(r.failures()).isEmpty();
      assertThat(r.snapshotsCopied()).isEqualTo(2);
      assertThat(r.snapshotsVanished()).isEqualTo(1);
      for (ChunkDigest d : onlyS2) {
        assertThat(Files.exists(src.store.chunkPath(d))).as("the source GC swept").isFalse();
      }
      assertThat(dst.datastore.group(g.namespace(), g.type(), g.id()).listSnapshots()).hasSize(2);
      ReferencedChunks.assertAllExist(src.base);
      ReferencedChunks.assertAllExist(dst.base);
    }
  }
}
