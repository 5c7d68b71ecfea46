package org.jpbs.s3.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.testkit.ReferencedChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GC on S3 against the real Ceph RGW (issue 17): a store with N chunk objects, R of them garbage;
 * the dry run predicts R with LIST requests only, the real run removes exactly R with LIST =
 * ⌈N/1000⌉ and ⌈R/1000⌉ DeleteObjects, no PUT/HEAD/GET per chunk; a non-member whose local cache
 * file is fresh, and one whose object is fresh, are kept.
 *
 * <p>N is {@code jpbs.s3gc.chunks} (CI: 1,200; the {@code s3-gc-large} profile: 50,000); {@code
 * jpbs.s3gc.batchKeys} sets the keys per DeleteObjects (1,000; 100 measures PBS's batch size).
 */
class S3GcIT {
  private static final int N = Integer.getInteger("jpbs.s3gc.chunks", 1_200);
  private static final int BATCH = Integer.getInteger("jpbs.s3gc.batchKeys", 1_000);
  private static final org.jpbs.gc.GcOptions CUTOFF_OPTIONS =
      S3GcStore.options(Duration.ofSeconds(2));

  @TempDir Path tmp;
  private S3GcStore s;

  @BeforeEach
  void open() throws Exception {
    s = new S3GcStore(tmp);
  }

  @AfterEach
  void close() throws Exception {
    if (s != null) {
      s.close();
    }
  }

  @Test
  void removesExactlyTheGarbageWithOneListingAndBatchedDeletes() throws Exception {
    int kept = 150; // referenced by snapshot A
    int forgotten = 150; // referenced by a forgotten snapshot: cache files made old
    int fresh = 30; // forgotten too, but their cache files are fresh (a writer touched them)
    int raw = N - kept - forgotten - fresh - 1; // objects without cache files (another host's)
    byte[] a = S3GcStore.random(1, kept * 4096);
    BackupResult ra = s.backup(s.group("1"), a);
    BackupResult rb = s.backup(s.group("2"), S3GcStore.random(2, forgotten * 4096));
    BackupResult rc = s.backup(s.group("3"), S3GcStore.random(3, fresh * 4096));
    Set<String> bChunks = digests(rb);
    Set<String> cChunks = digests(rc);
    rb.snapshot().destroy(false);
    rc.snapshot().destroy(false);
    List<String> rawKeys = s.putGarbage(4, raw, 16);
    // verify's copy of a chunk of A that is not missing: garbage, with its local <hex>.0.bad (on
    // which PBS 4.2's GC aborts, §5.6 defect 1)
    String aHex = digests(ra).iterator().next();
    Path localBad =
        ReferencedChunks.chunkPath(s.ds.cache().base(), aHex).resolveSibling(aHex + ".0.bad");
    java.nio.file.Files.copy(ReferencedChunks.chunkPath(s.ds.cache().base(), aHex), localBad);
    s.ds
        .client()
        .put(s.config.keys().badChunk(aHex, 0), java.nio.file.Files.readAllBytes(localBad));
    java.nio.file.Files.setAttribute(
        localBad, "lastAccessTime", java.nio.file.attribute.FileTime.from(Instant.EPOCH));
    s.setCacheAtime(bChunks, Instant.now().minusSeconds(3600));
    s.setCacheAtime(cChunks, Instant.now().plusSeconds(3600));
    // every LastModified is now older than the cutoff (2 s before phase 1) even as the sweep sees
    // it: the skew's lower bound also subtracts the first listing's duration (seconds when the
    // RGW shares 2 busy cores: 191 of 1,019 objects looked young in one CI run with a 5 s wait)
    Thread.sleep(8_000);
    int garbage = forgotten + raw;
    assertEquals(N, s.chunkKeys().size());

    long t0 = System.nanoTime();
    S3GarbageCollection.Result dry =
        s.gc(CUTOFF_OPTIONS.withDryRun(true), S3GarbageCollection.Settings.defaults());
    System.out.printf(
        "S3 GC dry run N=%d: %s, mark %d ms, sweep %d ms, wall %d ms%n",
        N,
        dry.requests(),
        dry.report().markMillis(),
        dry.report().sweepMillis(),
        (System.nanoTime() - t0) / 1_000_000);
    assertEquals(garbage, dry.report().sweep().removedChunks(), "dry run predicts R");
    assertEquals(1, dry.report().sweep().removedBad());
    S3GcRequests dr = dry.requests();
    assertEquals(0, dr.put() + dr.head() + dr.get() + dr.deleteObjects() + dr.delete(), "" + dr);
    assertListing(dr.list(), N);
    assertEquals(N, s.chunkKeys().size(), "the dry run deleted nothing");
    List<String> youngKeys = s.putGarbage(5, 10, 2); // LastModified within the cutoff: kept
    s.awaitListed(youngKeys);
    int total = N + youngKeys.size();

    long t1 = System.nanoTime();
    S3GarbageCollection.Result run =
        s.gc(CUTOFF_OPTIONS, S3GarbageCollection.Settings.defaults().withBatchKeys(BATCH));
    SweepReport sweep = run.report().sweep();
    S3GcRequests r = run.requests();
    System.out.printf(
        "S3 GC N=%d R=%d: %s, mark %d ms, sweep %d ms, wall %d ms%n",
        total,
        garbage,
        r,
        run.report().markMillis(),
        run.report().sweepMillis(),
        (System.nanoTime() - t1) / 1_000_000);
    assertEquals(garbage, sweep.removedChunks());
    assertEquals(1, sweep.removedBad());
    assertEquals(total - garbage - 1, sweep.pendingChunks() + sweep.diskChunks());
    assertEquals(total, sweep.chunkCount());
    assertListing(r.list(), total);
    assertEquals(
        (garbage + BATCH) / BATCH, r.deleteObjects(), "DeleteObjects of " + BATCH + " keys");
    assertEquals(0, r.put() + r.head() + r.get() + r.delete(), "no request per chunk: " + r);
    assertEquals(garbage + 1, run.sweep().deletedObjects());

    Set<String> left = s.chunkKeys();
    assertEquals(total - garbage - 1, left.size());
    assertFalse(left.contains(s.config.keys().badChunk(aHex, 0)));
    assertFalse(java.nio.file.Files.exists(localBad), "its cache file goes with it");
    for (String k : rawKeys) {
      assertFalse(left.contains(k), k);
    }
    for (String hex : cChunks) {
      assertTrue(left.contains(s.config.keys().chunk(hex)), "fresh cache file keeps " + hex);
    }
    assertTrue(left.containsAll(youngKeys), "young objects are kept");
    for (String hex : bChunks) {
      assertFalse(
          java.nio.file.Files.exists(ReferencedChunks.chunkPath(s.ds.cache().base(), hex)),
          "the cache file of a deleted object is removed: " + hex);
    }
    s.assertEveryReferencedObjectExists();
    s.assertRestores(ra.snapshot(), a);
    s.assertRestores(ra.snapshot(), a);
  }

  /**
   * ⌈N/1000⌉ pages, the sweep's slices sharing one listing; when N is a multiple of 1,000 the RGW
   * marks the last full page truncated, so one empty page follows.
   */
  private static void assertListing(long lists, int objects) {
    assertTrue(
        lists >= (objects + 999) / 1000 && lists <= objects / 1000 + 1,
        lists + " LIST requests for " + objects + " objects");
  }

  private Set<String> digests(BackupResult r) throws java.io.IOException {
    Set<String> out = new HashSet<>();
    for (Path p : listIndexes(r)) {
      out.addAll(ReferencedChunks.digestsOf(p));
    }
    return out;
  }

  private static List<Path> listIndexes(BackupResult r) throws java.io.IOException {
    try (var st = java.nio.file.Files.list(r.snapshot().fullPath())) {
      return st.filter(p -> p.toString().endsWith(".fidx")).toList();
    }
  }
}
