package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockedException;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.ChunkDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deterministic interleavings of phase 1 with backups and prunes (spec §8.3), driven through {@link
 * MarkPhaseHooks}. Chunks are aged two days, so any chunk phase 1 fails to mark is swept.
 */
class MarkRaceIT {
  static final long T0 = 1_700_000_000L;

  @TempDir Path tmp;
  GcTestStore t;

  @BeforeEach
  void open() throws IOException {
    t = GcTestStore.create(tmp);
  }

  @AfterEach
  void close() throws IOException {
    t.close();
  }

  private Set<ChunkDigest> lost() throws IOException {
    Set<ChunkDigest> missing = new TreeSet<>(t.referencedOnDisk());
    missing.removeAll(t.chunksOnDisk());
    return missing;
  }

  /**
   * The seed race: GC lists the group (sees P), a backup N reusing P's chunks finishes, P is
   * pruned, GC opens P's index: vanished.
   */
  private MarkPhaseHooks seedRace(BackupGroup g, BackupDir p, List<ChunkDigest> reused) {
    AtomicBoolean done = new AtomicBoolean();
    return new MarkPhaseHooks() {
      @Override
      public void groupListed(BackupGroup group, List<SnapshotInfo> snapshots, int attempt)
          throws IOException {
        if (group.equals(g) && done.compareAndSet(false, true)) {
          t.snapshot(g, T0 + 3600, true, List.of(reused)); // known chunks: referenced, not touched
          p.destroy(false); // prune keep-last=1 right after the backup
        }
      }
    };
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void seedRace_withoutRetry_losesReusedChunks(GcOptions.MarkMode mode) throws Exception {
    BackupGroup g = t.group("seed");
    List<ChunkDigest> chunks = t.chunks(1, 20);
    BackupDir p = t.snapshot(g, T0, true, List.of(chunks));

    t.gc(
        GcTestStore.testOptions().withMarkMode(mode).withSeedRaceRetry(false),
        seedRace(g, p, chunks));

    assertThat(lost())
        .as("PBS < 3.4.1 behaviour loses the reused chunks")
        .containsExactlyInAnyOrderElementsOf(chunks);
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void seedRace_withRetry_losesNothing(GcOptions.MarkMode mode) throws Exception {
    BackupGroup g = t.group("seed");
    List<ChunkDigest> chunks = t.chunks(1, 20);
    BackupDir p = t.snapshot(g, T0, true, List.of(chunks));

    GcReport r = t.gc(GcTestStore.testOptions().withMarkMode(mode), seedRace(g, p, chunks));

    assertThat(r.mark().retries()).isEqualTo(1);
    assertThat(r.sweep().removedChunks()).isZero();
    t.assertEveryReferencedChunkExists();
  }

  /**
   * The window PBS leaves open: N is still in progress when the group is listed (newest, one
   * archive closed); before GC opens P's indexes, N closes a second archive reusing P's chunks,
   * finishes, and P is pruned. P is not the newest listed snapshot, so PBS's retry does not fire.
   */
  private MarkPhaseHooks inProgressRace(BackupDir p, BackupDir n, List<ChunkDigest> lateReuse) {
    AtomicBoolean done = new AtomicBoolean();
    Path dirOfP = p.fullPath();
    return new MarkPhaseHooks() {
      @Override
      public void beforeIndexOpen(Path indexFile) throws IOException {
        // before the first of P's indexes (readdir order) is opened
        if (indexFile.getParent().equals(dirOfP) && done.compareAndSet(false, true)) {
          BackupManifest m = BackupManifest.create("host", n.group().id(), n.backupTime());
          t.writeArchive(n, "archive1.didx", lateReuse, m);
          m.store(n.fullPath().resolve(BackupManifest.BLOB_NAME), false);
          p.destroy(false);
        }
      }
    };
  }

  private BackupDir[] buildInProgress(BackupGroup g, List<ChunkDigest> a0, List<ChunkDigest> a1)
      throws IOException {
    BackupDir p = t.snapshot(g, T0, true, List.of(a0, a1));
    BackupDir n = t.snapshot(g, T0 + 3600, false, List.of(a0)); // in progress: no manifest yet
    return new BackupDir[] {p, n};
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void inProgressWindow_withoutBarrier_losesChunks(GcOptions.MarkMode mode) throws Exception {
    BackupGroup g = t.group("window");
    List<ChunkDigest> a0 = t.chunks(100, 10);
    List<ChunkDigest> a1 = t.chunks(200, 10);
    BackupDir[] pn = buildInProgress(g, a0, a1);

    t.gc(GcTestStore.testOptions().withMarkMode(mode), inProgressRace(pn[0], pn[1], a1));

    assertThat(lost())
        .as("the retry alone does not cover this window")
        .containsExactlyInAnyOrderElementsOf(a1);
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void inProgressWindow_withMarkPhaseBarrier_losesNothing(GcOptions.MarkMode mode)
      throws Exception {
    BackupGroup g = t.group("window");
    List<ChunkDigest> a0 = t.chunks(100, 10);
    List<ChunkDigest> a1 = t.chunks(200, 10);
    BackupDir[] pn = buildInProgress(g, a0, a1);
    t.datastore.addRemovalListener(new MarkPhaseBarrier(t.state, t.store));

    GcReport r =
        t.gc(GcTestStore.testOptions().withMarkMode(mode), inProgressRace(pn[0], pn[1], a1));

    assertThat(r.sweep().removedChunks()).isZero();
    t.assertEveryReferencedChunkExists();
  }

  @Test
  void barrier_outsideMarkPhase_touchesNothing() throws Exception {
    BackupGroup g = t.group("idle");
    List<ChunkDigest> chunks = t.chunks(300, 5);
    BackupDir p = t.snapshot(g, T0, true, List.of(chunks));
    long before = GcTestStore.atime(t.store.chunkPath(chunks.get(0)));
    t.datastore.addRemovalListener(new MarkPhaseBarrier(t.state, t.store));

    p.destroy(false);

    assertThat(GcTestStore.atime(t.store.chunkPath(chunks.get(0)))).isEqualTo(before);
    t.assertEveryReferencedChunkExists();
  }

  /** Every listing, the newest listed snapshot loses its index and a newer one appears. */
  private MarkPhaseHooks churn(
      BackupGroup g,
      List<ChunkDigest> chunks,
      int churnUpTo,
      List<Integer> attempts,
      AtomicBoolean lockedAt10) {
    return new MarkPhaseHooks() {
      @Override
      public void groupListed(BackupGroup group, List<SnapshotInfo> snapshots, int attempt)
          throws IOException {
        if (!group.equals(g)) {
          return;
        }
        attempts.add(attempt);
        if (attempt == MarkWalk.MAX_UNLOCKED_RETRIES) {
          try (LockGuard ignored = g.lock()) {
            lockedAt10.set(false);
          } catch (LockedException expected) {
            lockedAt10.set(true);
          }
        }
        if (attempt <= churnUpTo) {
          SnapshotInfo newest =
              snapshots.stream()
                  .max((a, b) -> Long.compare(a.dir().backupTime(), b.dir().backupTime()))
                  .orElseThrow();
          Files.delete(newest.dir().fullPath().resolve("archive0.didx"));
          if (attempt < MarkWalk.MAX_UNLOCKED_RETRIES) {
            t.snapshot(g, newest.dir().backupTime() + 60, true, List.of(chunks));
          }
        }
      }
    };
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void retries_exhausted_eleventhAttemptRunsUnderGroupLock(GcOptions.MarkMode mode)
      throws Exception {
    BackupGroup g = t.group("churn");
    List<ChunkDigest> chunks = t.chunks(400, 5);
    t.snapshot(g, T0, true, List.of(chunks));
    List<Integer> attempts = new ArrayList<>();
    AtomicBoolean lockedAt10 = new AtomicBoolean();

    GcReport r =
        t.gc(
            GcTestStore.testOptions().withMarkMode(mode),
            churn(g, chunks, 9, attempts, lockedAt10));

    assertThat(attempts).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(lockedAt10).as("group lock held by the GC during the 11th listing").isTrue();
    assertThat(r.mark().retries()).isEqualTo(10);
    assertThat(r.sweep().removedChunks()).isZero();
    t.assertEveryReferencedChunkExists();
  }

  @ParameterizedTest
  @EnumSource(GcOptions.MarkMode.class)
  void retries_exhaustedEvenUnderLock_failsBeforeSweep(GcOptions.MarkMode mode) throws Exception {
    BackupGroup g = t.group("churn");
    List<ChunkDigest> chunks = t.chunks(400, 5);
    List<ChunkDigest> orphans = t.chunks(500, 3);
    t.snapshot(g, T0, true, List.of(chunks));
    List<Integer> attempts = new ArrayList<>();

    assertThatThrownBy(
            () ->
                t.gc(
                    GcTestStore.testOptions().withMarkMode(mode),
                    churn(g, chunks, 10, attempts, new AtomicBoolean())))
        .isInstanceOf(GcAbortedException.class)
        .hasMessageContaining("exhausted retries");

    assertThat(t.chunksOnDisk()).as("nothing swept after an aborted mark").containsAll(orphans);
    t.assertEveryReferencedChunkExists();
  }
}
