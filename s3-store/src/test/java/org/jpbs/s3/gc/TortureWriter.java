package org.jpbs.s3.gc;

import java.nio.file.Files;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.datastore.prune.KeepOptions;
import org.jpbs.datastore.prune.PruneReport;
import org.jpbs.datastore.prune.Pruner;
import org.jpbs.format.ChunkDigest;
import org.jpbs.testkit.ReferencedChunks;

/**
 * One writer of {@link S3GcTortureIT}, owning one backup group: incremental backups of an image
 * that changes three 4 KiB blocks a version, each finished snapshot restored at once, then a forget
 * of the oldest snapshot or a prune (keep-last 2), alternately. The writers start from the same
 * image (their first uploads race each other: 412s) and share the blocks their versions replaced,
 * which come back later: objects of forgotten versions, old or already collected; for half of them
 * the local cache file is removed first (an upload from another host), so the insert PUTs and gets
 * 412 on an object with an old {@code LastModified}. Every image repeats its last changed block in
 * its last block (a dedup hit within the backup).
 */
final class TortureWriter implements Runnable {
  /** A finished snapshot and the image it must restore to. */
  record Version(BackupDir snapshot, byte[] image) {}

  /** What all writers did, for the rounds' activity gates and the final report. */
  static final class Tally {
    final AtomicLong backups = new AtomicLong();
    final AtomicLong incremental = new AtomicLong(); // with a base snapshot: known-chunk reuse
    final AtomicLong duplicates = new AtomicLong(); // inserts that found the chunk stored
    final AtomicLong uncachedReuse = new AtomicLong(); // old blocks whose cache file was removed
    final AtomicLong forgets = new AtomicLong();
    final AtomicLong pruned = new AtomicLong(); // snapshots a prune removed

    @Override
    public String toString() {
      return String.format(
          "backups %d (incremental %d), dedup hits %d, uncached reuses %d, forgets %d, pruned %d",
          backups.get(),
          incremental.get(),
          duplicates.get(),
          uncachedReuse.get(),
          forgets.get(),
          pruned.get());
    }
  }

  private static final int BLOCK = 4096;
  private final S3GcStore s;
  private final String group;
  private final long seed;
  private final byte[] first;
  private final List<byte[]> oldBlocks; // shared by the writers, synchronized on itself
  private final Tally tally;
  private final AtomicBoolean stop;

  /** This group's snapshots, oldest first; read by the test after {@link #run} returned. */
  final List<Version> kept = new ArrayList<>();

  volatile Throwable failed;

  TortureWriter(
      S3GcStore s,
      String group,
      long seed,
      byte[] first,
      List<byte[]> oldBlocks,
      Tally tally,
      AtomicBoolean stop) {
    this.s = s;
    this.group = group;
    this.seed = seed;
    this.first = first;
    this.oldBlocks = oldBlocks;
    this.tally = tally;
    this.stop = stop;
  }

  @Override
  public void run() {
    Random r = new Random(seed);
    byte[] img = first;
    try {
      for (int i = 0; !stop.get(); i++) {
        BackupResult res = s.backup(s.group(group), img);
        tally.backups.incrementAndGet();
        tally.incremental.addAndGet(res.base().isPresent() ? 1 : 0);
        tally.duplicates.addAndGet(res.uploadStats().duplicates());
        s.assertRestores(res.snapshot(), img);
        kept.add(new Version(res.snapshot(), img));
        if (i % 2 == 0) {
          forgetOldest();
        } else {
          prune();
        }
        img = next(img, r);
        Thread.sleep(100 + r.nextInt(300)); // leaves the GC CPU on 2 cores
      }
    } catch (Throwable t) {
      failed = t;
    }
  }

  private void forgetOldest() throws Exception {
    if (kept.size() > 2) {
      kept.remove(0).snapshot().destroy(false);
      tally.forgets.incrementAndGet();
    }
  }

  private void prune() throws Exception {
    PruneReport rep =
        new Pruner(KeepOptions.none().withLast(2), ZoneOffset.UTC).prune(s.group(group), false);
    if (!rep.with(PruneReport.Status.FAILED).isEmpty()) {
      throw new AssertionError("prune failed: " + rep.with(PruneReport.Status.FAILED));
    }
    int removed = rep.with(PruneReport.Status.REMOVED).size();
    tally.pruned.addAndGet(removed);
    kept.removeIf(v -> !v.snapshot().exists());
    if (kept.size() != Math.min(2, kept.size() + removed)) {
      throw new AssertionError("prune kept " + kept.size() + " snapshots, removed " + removed);
    }
  }

  /** The next version: three blocks replaced, new ones or old ones coming back; a dedup block. */
  private byte[] next(byte[] prev, Random r) throws Exception {
    byte[] img = prev.clone();
    int blocks = img.length / BLOCK;
    int last = 0;
    for (int c = 0; c < 3; c++) {
      int b = r.nextInt(blocks - 1);
      last = b;
      byte[] block = new byte[BLOCK];
      byte[] old = null;
      synchronized (oldBlocks) {
        if (!oldBlocks.isEmpty() && r.nextBoolean()) {
          old = oldBlocks.get(r.nextInt(oldBlocks.size()));
        }
      }
      if (old == null) {
        r.nextBytes(block);
      } else {
        block = old;
        if (r.nextBoolean()) {
          String hex = ChunkDigest.sha256(block).toHex();
          Files.deleteIfExists(ReferencedChunks.chunkPath(s.ds.cache().base(), hex));
          tally.uncachedReuse.incrementAndGet();
        }
      }
      byte[] replaced = new byte[BLOCK];
      System.arraycopy(img, b * BLOCK, replaced, 0, BLOCK);
      synchronized (oldBlocks) {
        oldBlocks.add(replaced);
      }
      System.arraycopy(block, 0, img, b * BLOCK, BLOCK);
    }
    // the last changed block once more: an insert of a chunk this session already stored
    System.arraycopy(img, last * BLOCK, img, img.length - BLOCK, BLOCK);
    return img;
  }
}
