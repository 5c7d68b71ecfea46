package org.jpbs.s3.gc;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jpbs.datastore.BackupDir;
import org.jpbs.gc.MarkPhaseBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental backups (known-chunk reuse of the base snapshot, duplicate blocks within an image,
 * blocks of forgotten versions coming back: 412s and cache hits on old objects) and forgets run in
 * a writer thread while GCs with a 1 s cutoff run one after another (issue 17 torture). After every
 * GC every referenced object exists; at the end every kept snapshot restores.
 *
 * <p>Rounds: {@code jpbs.s3gc.tortureRounds} (not run without it; {@code -Ps3-gc-large}: 8).
 */
class S3GcTortureIT {
  private static final int ROUNDS = Integer.getInteger("jpbs.s3gc.tortureRounds", 0);
  private static final int BLOCKS = 48;

  @TempDir Path tmp;
  private S3GcStore s;

  @BeforeEach
  void open() throws Exception {
    Assumptions.assumeTrue(ROUNDS > 0, "set -Djpbs.s3gc.tortureRounds=N or -Ps3-gc-large");
    s = new S3GcStore(tmp);
    s.ds.datastore().addRemovalListener(new MarkPhaseBarrier(s.state, s.ds.cache(), true));
  }

  @AfterEach
  void close() throws Exception {
    if (s != null) {
      s.close();
    }
  }

  private record Version(BackupDir snapshot, byte[] image) {}

  @Test
  void backupsAndForgetsRacingGcsLoseNothing() throws Exception {
    long seed = Long.getLong("jpbs.s3gc.tortureSeed", System.nanoTime());
    System.out.println("S3 GC torture seed=" + seed + " rounds=" + ROUNDS);
    List<Version> kept = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              Random r = new Random(seed);
              byte[] img = S3GcStore.random(seed, BLOCKS * 4096);
              List<byte[]> oldBlocks = new ArrayList<>();
              try {
                while (!stop.get()) {
                  img = img.clone();
                  for (int i = 0; i < 3; i++) {
                    int b = r.nextInt(BLOCKS);
                    byte[] block = new byte[4096];
                    if (!oldBlocks.isEmpty() && r.nextBoolean()) {
                      block = oldBlocks.get(r.nextInt(oldBlocks.size())); // an old object again
                    } else {
                      r.nextBytes(block);
                    }
                    byte[] previous = new byte[4096];
                    System.arraycopy(img, b * 4096, previous, 0, 4096);
                    oldBlocks.add(previous);
                    System.arraycopy(block, 0, img, b * 4096, 4096);
                  }
                  System.arraycopy(img, 0, img, (BLOCKS - 1) * 4096, 4096); // a dedup hit
                  BackupDir snap = s.backup(s.group("t"), img).snapshot();
                  synchronized (kept) {
                    kept.add(new Version(snap, img));
                    if (kept.size() > 3) {
                      kept.remove(0).snapshot().destroy(false);
                    }
                  }
                  Thread.sleep(r.nextInt(300));
                }
              } catch (Throwable t) {
                failed.set(t);
              }
            },
            "s3gc-torture-writer");
    writer.start();
    try {
      for (int round = 0; round < ROUNDS && failed.get() == null; round++) {
        Thread.sleep(1_500);
        S3GarbageCollection.Result r =
            s.gc(S3GcStore.options(Duration.ofSeconds(1)), S3GarbageCollection.Settings.defaults());
        System.out.println(
            "S3 GC torture round "
                + round
                + ": phase1 "
                + r.report().phase1Start()
                + " min-atime "
                + r.report().minAtime()
                + " now "
                + java.time.Instant.now()
                + " "
                + r.report().sweep());
        s.assertEveryReferencedObjectExists();
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    assertNull(failed.get(), () -> "writer failed (seed " + seed + "): " + failed.get());
    s.gc(S3GcStore.options(Duration.ofSeconds(1)), S3GarbageCollection.Settings.defaults());
    s.assertEveryReferencedObjectExists();
    for (Version v : kept) {
      s.assertRestores(v.snapshot(), v.image());
    }
  }
}
