package org.jpbs.s3.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.testkit.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of a GC on S3 (issue 17) at the sweep's steps: after a listing page, between a batch's
 * decision (cache files unlinked) and its DeleteObjects, after the DeleteObjects with the locks
 * still held, and at a delay after the decision (inside the request). After every kill every
 * referenced object exists; a final GC completes and removes all the garbage; the snapshot
 * restores.
 *
 * <p>Points: {@code jpbs.s3gc.killPoints}; not run without it (a child JVM with the S3 client takes
 * 5-15 s on the CI's two cores), 24 with {@code -Ps3-gc-large}.
 */
class S3GcKillIT {
  private static final int POINTS = Integer.getInteger("jpbs.s3gc.killPoints", 0);
  private static final int PER_POINT = 300; // at most three batches of 100 go before a kill

  @TempDir Path tmp;
  private S3GcStore s;

  @BeforeEach
  void open() throws Exception {
    Assumptions.assumeTrue(POINTS > 0, "set -Djpbs.s3gc.killPoints=N or -Ps3-gc-large");
    s = new S3GcStore(tmp);
  }

  @AfterEach
  void close() throws Exception {
    if (s != null) {
      s.close();
    }
  }

  /** The points in order: the batch steps first, so that the CI's two are kills mid-delete. */
  static List<String[]> points() {
    List<String[]> p = new ArrayList<>();
    for (int occurrence = 1; occurrence <= 3; occurrence++) {
      for (String delay : new String[] {"-1", "0", "10", "30"}) {
        p.add(new String[] {"BATCH_LOCKED", "" + occurrence, delay});
      }
      p.add(new String[] {"BATCH_DELETED", "" + occurrence, "-1"});
    }
    for (String delay : new String[] {"-1", "0", "20", "50", "100", "200", "400", "800", "1600"}) {
      p.add(new String[] {"PAGE_LISTED", "1", delay});
    }
    return p;
  }

  @Test
  void killedSweepsLoseNothingAndTheNextGcCompletes() throws Exception {
    byte[] a = S3GcStore.random(11, 60 * 4096);
    BackupResult ra = s.backup(s.group("1"), a);
    BackupResult rb = s.backup(s.group("2"), S3GcStore.random(12, 40 * 4096));
    Set<String> bChunks =
        org.jpbs.testkit.ReferencedChunks.digestsOf(
            rb.snapshot().fullPath().resolve("disk.img.fidx"));
    rb.snapshot().destroy(false); // its 40 chunks are garbage, their cache files made old
    s.setCacheAtime(bChunks, java.time.Instant.now().minusSeconds(3600));
    List<String> garbage = s.putGarbage(13, POINTS * PER_POINT + 100, 16);
    Thread.sleep(5_000); // LastModified older than the 1 s cutoff (+ the skew bound)
    List<String[]> points = points();
    assertTrue(POINTS <= points.size(), "at most " + points.size() + " kill points");
    for (int i = 0; i < POINTS; i++) {
      String[] pt = points.get(i);
      List<String> cmd =
          ChildJvm.command(
              S3GcKillChild.class, s.ds.cache().base().toString(), pt[0], pt[1], pt[2], "1");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not end: " + String.join(" ", pt));
      System.out.printf(
          "S3 GC kill at %s #%s delay %s ms: exit %d %s%n",
          pt[0], pt[1], pt[2], p.exitValue(), out.strip());
      assertTrue(p.exitValue() == 137 || out.contains("DONE"), out);
      s.assertEveryReferencedObjectExists();
    }
    S3GarbageCollection.Result last =
        s.gc(S3GcStore.options(Duration.ofSeconds(1)), S3GarbageCollection.Settings.defaults());
    Set<String> left = s.chunkKeys();
    for (String k : garbage) {
      assertTrue(!left.contains(k), "garbage left after the final GC: " + k);
    }
    for (String hex : bChunks) {
      assertTrue(!left.contains(s.config.keys().chunk(hex)), "forgotten chunk left: " + hex);
    }
    assertEquals(60, last.report().sweep().diskChunks(), "" + last.report().sweep());
    s.assertEveryReferencedObjectExists();
    s.assertRestores(ra.snapshot(), a);
  }
}
