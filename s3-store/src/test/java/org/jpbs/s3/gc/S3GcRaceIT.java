package org.jpbs.s3.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.format.ChunkDigest;
import org.jpbs.gc.GcOptions;
import org.jpbs.gc.MarkPhaseBarrier;
import org.jpbs.gc.MarkPhaseHooks;
import org.jpbs.testkit.ReferencedChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups racing a GC on S3 (issue 17, concurrent writers), against the real RGW. Ten old
 * unreferenced chunk objects X1..X5, Y1..Y5; X1 and Y1 have no cache file, the others old ones. Two
 * backups start at chosen steps of one sweep:
 *
 * <ul>
 *   <li>after the listing, before the batch is decided again, one needing X1 and X2: its PUT of X1
 *       gets 412 and its insert of X2 hits the cache; both leave a fresh cache file, so the sweep
 *       keeps them;
 *   <li>while the batch's directories are locked, one needing Y1 and Y2: its inserts wait; the
 *       sweep deletes all five Y (their cache files first), then the backup's PUTs create Y1 and Y2
 *       again.
 * </ul>
 *
 * A third snapshot, whose chunks this host has no cache file for, is forgotten during phase 1 with
 * the mark-phase barrier registered: the barrier leaves 0-byte markers with fresh atimes and the
 * sweep keeps the objects.
 *
 * <p>Either way the backup restores and every referenced object exists.
 */
class S3GcRaceIT {
  private static final GcOptions OPTIONS = S3GcStore.options(Duration.ofSeconds(1));

  @TempDir Path tmp;
  private S3GcStore s;
  private byte[] old;
  private byte[] removed;
  private BackupDir removedSnap;
  private Set<String> removedChunks;

  @BeforeEach
  void open() throws Exception {
    s = new S3GcStore(tmp);
    old = S3GcStore.random(7, 10 * 4096);
    BackupResult r = s.backup(s.group("old"), old);
    r.snapshot().destroy(false);
    Set<String> rest = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      rest.add(block(i));
    }
    s.setCacheAtime(rest, Instant.now().minusSeconds(3600));
    Files.delete(ReferencedChunks.chunkPath(s.ds.cache().base(), block(0)));
    Files.delete(ReferencedChunks.chunkPath(s.ds.cache().base(), block(5)));
    // a snapshot a prune removes during phase 1; its chunks are not cached on this host
    removed = S3GcStore.random(10, 3 * 4096);
    removedSnap = s.backup(s.group("removed"), removed).snapshot();
    removedChunks = ReferencedChunks.digestsOf(removedSnap.fullPath().resolve("disk.img.fidx"));
    for (String hex : removedChunks) {
      Files.delete(ReferencedChunks.chunkPath(s.ds.cache().base(), hex));
    }
    s.ds.datastore().addRemovalListener(new MarkPhaseBarrier(s.state, s.ds.cache(), true));
    Thread.sleep(5_000); // LastModified older than the 1 s cutoff and the skew bound (~2 s)
  }

  @AfterEach
  void close() throws Exception {
    if (s != null) {
      s.close();
    }
  }

  private String block(int i) {
    byte[] b = new byte[4096];
    System.arraycopy(old, i * 4096, b, 0, 4096);
    return ChunkDigest.sha256(b).toHex();
  }

  /** An image of old blocks {@code first} and {@code first + 1} and one new block. */
  private byte[] racingImage(int first, long seed) {
    byte[] img = new byte[3 * 4096];
    System.arraycopy(old, first * 4096, img, 0, 2 * 4096);
    System.arraycopy(S3GcStore.random(seed, 4096), 0, img, 2 * 4096, 4096);
    return img;
  }

  @Test
  void writersAfterTheListingAndDuringTheLockedDeleteLoseNothing() throws Exception {
    byte[] early = racingImage(0, 8);
    byte[] late = racingImage(5, 9);
    AtomicReference<BackupDir> earlySnap = new AtomicReference<>();
    List<CompletableFuture<BackupDir>> lateWriter = new ArrayList<>();
    S3GarbageCollection.Result r =
        s.gc(
            OPTIONS,
            S3GarbageCollection.Settings.defaults()
                .withProbe(
                    step -> {
                      if (step == S3SweepProbe.Step.PAGE_LISTED && earlySnap.get() == null) {
                        earlySnap.set(backup("early", early));
                      } else if (step == S3SweepProbe.Step.BATCH_LOCKED && lateWriter.isEmpty()) {
                        lateWriter.add(CompletableFuture.supplyAsync(() -> backup("late", late)));
                        sleep(500); // the late backup now waits for the batch's lock
                        assertFalse(lateWriter.get(0).isDone(), "the insert waits for the sweep");
                      }
                    })
                .withHooks(
                    new MarkPhaseHooks() {
                      @Override
                      public void beforeIndexOpen(Path index) throws java.io.IOException {
                        if (index.startsWith(removedSnap.fullPath()) && removedSnap.exists()) {
                          removedSnap.destroy(false); // the barrier marks its chunks first
                        }
                      }
                    }));
    for (String hex : removedChunks) {
      assertTrue(
          s.chunkKeys().contains(s.config.keys().chunk(hex)),
          "the barrier keeps the removed snapshot's uncached chunk " + hex);
      assertEquals(0, Files.size(ReferencedChunks.chunkPath(s.ds.cache().base(), hex)), "marker");
    }
    // X3..X5 and all five Y: the early writer's X1 (412) and X2 (cache hit) are kept
    assertEquals(8, r.report().sweep().removedChunks(), "" + r.report().sweep());
    BackupDir lateSnap = lateWriter.get(0).get(60, TimeUnit.SECONDS);
    Set<String> keys = s.chunkKeys();
    for (int i : new int[] {0, 1, 5, 6}) {
      assertTrue(keys.contains(s.config.keys().chunk(block(i))), "X/Y " + i + " exists");
    }
    assertFalse(keys.contains(s.config.keys().chunk(block(2))));
    s.assertEveryReferencedObjectExists();
    s.assertRestores(earlySnap.get(), early);
    s.assertRestores(lateSnap, late);
  }

  private BackupDir backup(String group, byte[] image) {
    try {
      return s.backup(s.group(group), image).snapshot();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
