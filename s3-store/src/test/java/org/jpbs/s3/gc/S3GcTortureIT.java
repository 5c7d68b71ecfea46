package org.jpbs.s3.gc;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpbs.gc.GcOptions;
import org.jpbs.gc.MarkPhaseBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's torture against the RGW: {@link TortureWriter}s (incremental backups with known-chunk
 * reuse, dedup hits, 412s on old objects, forgets and prunes of their groups) run while GCs with a
 * 1 s cutoff run one after another. A round starts its GC only after the writers finished two
 * backups per writer and forgot and pruned at least one snapshot since the last GC; they keep going
 * while it runs. After every GC every referenced object exists; every finished snapshot restored at
 * once and every kept one restores at the end. Then the writers stop, the cutoff passes, and one
 * more GC must leave exactly the referenced objects in the bucket.
 *
 * <p>{@code jpbs.s3gc.tortureRounds} (CI: 5; {@code -Ps3-gc-large}: 12), {@code
 * jpbs.s3gc.tortureWriters} (2; large: 3), {@code jpbs.s3gc.tortureBlocks} per image (24; large:
 * 128), {@code jpbs.s3gc.tortureSeed} (printed).
 */
class S3GcTortureIT {
  private static final int ROUNDS = Integer.getInteger("jpbs.s3gc.tortureRounds", 5);
  private static final int WRITERS = Integer.getInteger("jpbs.s3gc.tortureWriters", 2);
  private static final int BLOCKS = Integer.getInteger("jpbs.s3gc.tortureBlocks", 24);
  private static final GcOptions OPTIONS = S3GcStore.options(Duration.ofSeconds(1));

  @TempDir Path tmp;
  private S3GcStore s;

  @BeforeEach
  void open() throws Exception {
    s = new S3GcStore(tmp);
    s.ds.datastore().addRemovalListener(new MarkPhaseBarrier(s.state, s.ds.cache(), true));
  }

  @AfterEach
  void close() throws Exception {
    if (s != null) {
      s.close();
    }
  }

  @Test
  void backupsPrunesAndForgetsRacingGcsLoseNothingAndGarbageGoes() throws Exception {
    long seed = Long.getLong("jpbs.s3gc.tortureSeed", System.nanoTime());
    System.out.printf(
        "S3 GC torture seed=%d rounds=%d writers=%d blocks=%d%n", seed, ROUNDS, WRITERS, BLOCKS);
    TortureWriter.Tally tally = new TortureWriter.Tally();
    AtomicBoolean stop = new AtomicBoolean();
    byte[] first = S3GcStore.random(seed, BLOCKS * 4096);
    List<byte[]> oldBlocks = new ArrayList<>();
    List<TortureWriter> writers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      TortureWriter tw = new TortureWriter(s, "t" + w, seed + w + 1, first, oldBlocks, tally, stop);
      writers.add(tw);
      threads.add(new Thread(tw, "s3gc-torture-writer-" + w));
    }
    threads.forEach(Thread::start);
    long removedInRounds = 0;
    try {
      for (int round = 0; round < ROUNDS; round++) {
        awaitActivity(tally, writers);
        S3GarbageCollection.Result r = s.gc(OPTIONS, S3GarbageCollection.Settings.defaults());
        removedInRounds += r.report().sweep().removedChunks();
        System.out.printf("S3 GC torture round %d: %s; %s%n", round, tally, describe(r));
        s.assertEveryReferencedObjectExists();
      }
    } finally {
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
    }
    for (TortureWriter w : writers) {
      assertNull(w.failed, () -> "writer failed (seed " + seed + "): " + w.failed);
    }
    assertTrue(tally.incremental.get() > 0 && tally.duplicates.get() > 0, tally::toString);
    assertTrue(tally.uncachedReuse.get() > 0, tally::toString);
    assertTrue(removedInRounds > 0, "the racing GCs removed garbage");
    s.assertEveryReferencedObjectExists();
    // garbage is eventually removed: the cutoff (1 s), the clock rounding (≤ 3 s: LastModified
    // rounded up, the skew's lower bound from a whole-second Date) and the LIST latency pass
    Thread.sleep(6_000);
    S3GarbageCollection.Result last = s.gc(OPTIONS, S3GarbageCollection.Settings.defaults());
    System.out.printf(
        "S3 GC torture final GC: %s (%d removed in the rounds)%n", describe(last), removedInRounds);
    s.assertOnlyReferencedObjectsLeft();
    for (TortureWriter w : writers) {
      for (TortureWriter.Version v : w.kept) {
        s.assertRestores(v.snapshot(), v.image());
      }
    }
  }

  /** The sweep's own numbers (the client's counters include the writers' requests). */
  private static String describe(S3GarbageCollection.Result r) {
    S3SweepStats st = r.sweep();
    var sw = r.report().sweep();
    return String.format(
        "listed %d, removed %d, pending %d, kept %d; LIST %d, DeleteObjects %d, cache files"
            + " cleaned %d, skew %s; mark %d ms, sweep %d ms",
        sw.chunkCount(),
        sw.removedChunks(),
        sw.pendingChunks(),
        sw.diskChunks(),
        st.listRequests(),
        st.deleteRequests(),
        st.cleanedLocalFiles(),
        st.clock() == null ? "-" : st.clock().describe(),
        r.report().markMillis(),
        r.report().sweepMillis());
  }

  /**
   * Waits until, since the call, the writers finished two backups per writer, forgot a snapshot and
   * pruned one.
   */
  private static void awaitActivity(TortureWriter.Tally t, List<TortureWriter> writers)
      throws InterruptedException {
    long backups = t.backups.get();
    long forgets = t.forgets.get();
    long pruned = t.pruned.get();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (t.backups.get() < backups + 2L * writers.size()
        || t.forgets.get() <= forgets
        || t.pruned.get() <= pruned) {
      for (TortureWriter w : writers) {
        assertNull(w.failed, () -> "writer failed: " + w.failed);
      }
      assertTrue(System.nanoTime() < deadline, "writers made no progress in 60 s: " + t);
      Thread.sleep(20);
    }
  }
}
