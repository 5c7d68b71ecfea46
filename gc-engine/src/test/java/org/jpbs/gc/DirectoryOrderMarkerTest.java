package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DynamicIndexWriter;
import org.jpbs.format.FixedIndexWriter;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.jpbs.gc.state.IndexIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DirectoryOrderMarker: every distinct digest of every submitted index touched (exactly once per
 * batch), in directory order per thread, before finish returns; checkpoint and progress only after
 * a batch was marked; pending indexes closed on failure.
 */
class DirectoryOrderMarkerTest {
  @TempDir Path dir;

  /** Records what it is asked to mark, per thread, and can fail on a given digest. */
  private static final class Recorder implements ChunkMarker {
    final List<ChunkDigest> all = Collections.synchronizedList(new ArrayList<>());
    final Map<Thread, List<ChunkDigest>> perThread = Collections.synchronizedMap(new HashMap<>());
    volatile ChunkDigest failOn;

    @Override
    public void mark(long w0, long w1, long w2, long w3, Path requiredBy) throws IOException {
      ChunkDigest d = ChunkDigest.ofWords(w0, w1, w2, w3);
      if (d.equals(failOn)) {
        throw new IOException("injected failure marking " + d.toHex() + " of " + requiredBy);
      }
      all.add(d);
      perThread.computeIfAbsent(Thread.currentThread(), t -> new ArrayList<>()).add(d);
    }

    @Override
    public long missingChunks() {
      return 0;
    }
  }

  /** Records checkpoint entries in order. */
  private static final class Checkpoints implements MarkCheckpointer {
    final List<IndexIdentity> marked = new ArrayList<>();

    @Override
    public IndexIdentity identify(Path index) {
      return null;
    }

    @Override
    public boolean alreadyMarked(IndexIdentity id) {
      return false;
    }

    @Override
    public void marked(IndexIdentity id) {
      marked.add(id);
    }

    @Override
    public void flush() {}
  }

  private int files;

  private Path didx(List<ChunkDigest> digests) throws IOException {
    Path p = dir.resolve("i" + files++ + ".didx");
    try (DynamicIndexWriter w = DynamicIndexWriter.create(p, InstantSource.system())) {
      long end = 0;
      for (ChunkDigest d : digests) {
        end += 100;
        w.append(end, d);
      }
      w.commit(false);
    }
    return p;
  }

  private Path fidx(List<ChunkDigest> digests) throws IOException {
    Path p = dir.resolve("i" + files++ + ".fidx");
    long chunk = 4096;
    try (FixedIndexWriter w =
        FixedIndexWriter.create(p, chunk * digests.size(), (int) chunk, InstantSource.system())) {
      for (int i = 0; i < digests.size(); i++) {
        w.setDigest(i, digests.get(i));
      }
      w.commit(false);
    }
    return p;
  }

  private static ChunkDigest random(Random rnd) {
    byte[] b = new byte[32];
    rnd.nextBytes(b);
    return ChunkDigest.of(b);
  }

  /** A digest with the given first word and random rest. */
  private static ChunkDigest withFirstWord(long w0, Random rnd) {
    return ChunkDigest.ofWords(w0, rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
  }

  private static DirectoryOrderMarker marker(
      Recorder rec, Checkpoints cp, List<Path> done, int cache, int threads, long batch, int pass) {
    return new DirectoryOrderMarker(
        rec, cp, done::add, GcListener.NONE, cache, threads, batch, pass);
  }

  private static void submitAll(DirectoryOrderMarker m, List<Path> paths) throws Exception {
    for (Path p : paths) {
      m.submit(IndexFiles.open(p), p, null);
    }
  }

  /** Each thread's touches ascend by chunk directory (within one batch). */
  private static void assertDirectoryOrderPerThread(Recorder rec, String as) {
    for (List<ChunkDigest> l : rec.perThread.values()) {
      for (int i = 1; i < l.size(); i++) {
        assertThat(l.get(i - 1).prefix())
            .as("%s: position %d", as, i)
            .isLessThanOrEqualTo(l.get(i).prefix());
      }
    }
  }

  @ParameterizedTest(name = "seed={0} threads={1} unique={2} pass={3}")
  @CsvSource({
    "1,1,5000,524288",
    "2,2,5000,524288",
    "3,3,20000,524288",
    "4,1,20000,1000", // many passes
    "5,2,3000,7", // passes of a handful of references
    "6,1,300,1" // every directory its own pass, overfull when it has two references
  })
  void finish_indexesWithRepeats_touchesEachDistinctDigestOnceInDirectoryOrder(
      long seed, int threads, int unique, int pass) throws Exception {
    Random rnd = new Random(seed);
    List<ChunkDigest> pool = new ArrayList<>();
    for (int i = 0; i < unique; i++) {
      pool.add(random(rnd));
    }
    List<Path> paths = new ArrayList<>();
    int refs = 0;
    for (int f = 0; f < 6; f++) {
      List<ChunkDigest> d = new ArrayList<>();
      int n = unique / 2 + rnd.nextInt(unique / 2);
      for (int i = 0; i < n; i++) {
        d.add(pool.get(rnd.nextInt(unique)));
      }
      refs += n;
      paths.add(f % 2 == 0 ? didx(d) : fidx(d));
    }
    Set<ChunkDigest> expected = new HashSet<>();
    int[] perDirectory = new int[65_536];
    for (Path p : paths) {
      try (IndexFile i = IndexFiles.open(p)) {
        for (int e = 0; e < i.count(); e++) {
          expected.add(i.digest(e));
          perDirectory[i.digest(e).prefix()]++;
        }
      }
    }
    boolean everyDirectoryFits = java.util.Arrays.stream(perDirectory).max().orElse(0) <= pass;
    Recorder rec = new Recorder();
    List<Path> done = new ArrayList<>();
    try (DirectoryOrderMarker m =
        marker(rec, new Checkpoints(), done, 1 << 20, threads, Long.MAX_VALUE, pass)) {
      submitAll(m, paths);
      assertThat(rec.all).as("nothing touched before the batch is marked").isEmpty();
      m.finish();
      String as = "seed " + seed;
      assertThat(new HashSet<>(rec.all)).as(as).isEqualTo(expected);
      assertDirectoryOrderPerThread(rec, as);
      if (everyDirectoryFits) {
        assertThat(rec.all).as(as).hasSize(expected.size());
      } else { // an overfull directory is marked a buffer-full at a time: duplicates across them
        assertThat(rec.all.size()).as(as).isGreaterThan(expected.size()).isLessThanOrEqualTo(refs);
      }
      assertThat(m.cacheMisses()).as(as).isEqualTo(rec.all.size());
      assertThat(m.cacheHits()).as(as).isEqualTo(refs - rec.all.size());
      assertThat(done).as(as).isEqualTo(paths);
    }
  }

  @Test
  void finish_digestsSharingLongPrefixes_touchesEveryDistinctOne() throws Exception {
    Random rnd = new Random(7);
    List<ChunkDigest> d = new ArrayList<>();
    // same directory and same first 32 bits; same first word, differing only in the last word
    for (int i = 0; i < 40; i++) {
      d.add(withFirstWord(0x1234_5678_0000_0000L | i, rnd));
      d.add(ChunkDigest.ofWords(0xABCD_0000_0000_0001L, 5, 6, i));
    }
    List<ChunkDigest> twice = new ArrayList<>(d);
    twice.addAll(d);
    Collections.shuffle(twice, rnd);
    Recorder rec = new Recorder();
    try (DirectoryOrderMarker m =
        marker(rec, new Checkpoints(), new ArrayList<>(), 0, 1, Long.MAX_VALUE, 1 << 19)) {
      submitAll(m, List.of(didx(twice)));
      m.finish();
    }
    assertThat(rec.all).hasSize(80).containsExactlyInAnyOrderElementsOf(d);
  }

  @Test
  void finish_moreThan256DistinctDigestsInOneDirectory_touchesAllDistinctOnes() throws Exception {
    Random rnd = new Random(8);
    List<ChunkDigest> d = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      d.add(
          withFirstWord(0x0042_0000_0000_0000L | rnd.nextInt(1 << 30), rnd)); // all in .chunks/0042
    }
    List<ChunkDigest> refs = new ArrayList<>(d);
    refs.addAll(d.subList(0, 100));
    Recorder rec = new Recorder();
    try (DirectoryOrderMarker m =
        marker(rec, new Checkpoints(), new ArrayList<>(), 0, 1, Long.MAX_VALUE, 1 << 19)) {
      submitAll(m, List.of(didx(refs)));
      m.finish();
    }
    assertThat(new HashSet<>(rec.all)).isEqualTo(new HashSet<>(d));
    assertThat(rec.all.size())
        .as("duplicates beyond the remembered ones may be touched again")
        .isBetween(600, 700);
  }

  @Test
  void finish_oneDigestRepeatedMoreThanAPassHolds_touchesItOncePerBufferFull() throws Exception {
    Random rnd = new Random(9);
    ChunkDigest zero = random(rnd); // like the zero chunk of a sparse image
    List<ChunkDigest> refs = new ArrayList<>(Collections.nCopies(5000, zero));
    ChunkDigest neighbour = withFirstWord(zero.word(0) ^ 1, rnd); // same directory
    refs.add(neighbour);
    Recorder rec = new Recorder();
    try (DirectoryOrderMarker m =
        marker(rec, new Checkpoints(), new ArrayList<>(), 0, 1, Long.MAX_VALUE, 1000)) {
      submitAll(m, List.of(fidx(refs)));
      m.finish();
    }
    assertThat(new HashSet<>(rec.all)).containsExactlyInAnyOrder(zero, neighbour);
    assertThat(rec.all.size()).isLessThanOrEqualTo(6 + 1);
  }

  @ParameterizedTest(name = "cache={0} threads={1}")
  @CsvSource({"65536,1", "65536,2", "0,1", "0,2"})
  void submit_batchesSplitByEntries_marksEarlierBatchesBeforeLaterSubmitsAndChecksOnlyMarkedOnes(
      int cache, int threads) throws Exception {
    Random rnd = new Random(10 + cache + threads);
    List<ChunkDigest> shared = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      shared.add(random(rnd));
    }
    List<Path> paths = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      List<ChunkDigest> d = new ArrayList<>(shared);
      for (int i = 0; i < 100; i++) {
        d.add(random(rnd));
      }
      paths.add(didx(d));
    }
    Recorder rec = new Recorder();
    Checkpoints cp = new Checkpoints();
    List<Path> done = new ArrayList<>();
    try (DirectoryOrderMarker m = marker(rec, cp, done, cache, threads, 800, 1 << 19)) {
      IndexIdentity[] ids = new IndexIdentity[4];
      for (int f = 0; f < 4; f++) {
        ids[f] = new IndexIdentity(paths.get(f).toString(), 1, f, 400, 0, 0);
        m.submit(IndexFiles.open(paths.get(f)), paths.get(f), ids[f]);
        if (f == 0) {
          assertThat(rec.all).as("400 < 800 references: still pending").isEmpty();
          assertThat(cp.marked).isEmpty();
          assertThat(done).isEmpty();
        }
        if (f == 1) {
          assertThat(rec.all).as("first batch marked on reaching 800").hasSize(500);
          assertThat(cp.marked).containsExactly(ids[0], ids[1]);
          assertThat(done).containsExactly(paths.get(0), paths.get(1));
        }
      }
      m.finish();
      assertThat(cp.marked).containsExactly(ids);
      assertThat(done).isEqualTo(paths);
      int secondBatch = rec.all.size() - 500;
      if (cache > 0) {
        assertThat(secondBatch)
            .as("the cache skips digests touched in the first batch")
            .isEqualTo(200);
        assertThat(m.cacheMisses()).isEqualTo(700);
        assertThat(m.cacheHits()).isEqualTo(1600 - 700);
      } else {
        assertThat(secondBatch)
            .as("without a cache, only duplicates within a batch are skipped")
            .isEqualTo(500);
        assertThat(m.cacheMisses()).as("PBS reports a disabled cache as 0/0").isZero();
        assertThat(m.cacheHits()).isZero();
      }
    }
    Set<ChunkDigest> expected = new LinkedHashSet<>();
    for (Path p : paths) {
      try (IndexFile i = IndexFiles.open(p)) {
        for (int e = 0; e < i.count(); e++) {
          expected.add(i.digest(e));
        }
      }
    }
    assertThat(new HashSet<>(rec.all)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "threads={0}")
  @CsvSource({"1", "2"})
  void finish_largeBatch_reportsProgressInsideTheBatchUpToItsTotal(int threads) throws Exception {
    Random rnd = new Random(13);
    List<Path> paths = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      List<ChunkDigest> d = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        d.add(random(rnd));
      }
      paths.add(didx(d));
    }
    List<long[]> reports = Collections.synchronizedList(new ArrayList<>());
    List<Path> done = Collections.synchronizedList(new ArrayList<>());
    IndexMarking.Done progress =
        new IndexMarking.Done() {
          @Override
          public void indexMarked(Path path) {
            done.add(path);
          }

          @Override
          public void batchProgress(int files, long handled, long total) {
            assertThat(done).as("reported while the batch is still being marked").isEmpty();
            reports.add(new long[] {files, handled, total});
          }
        };
    try (DirectoryOrderMarker m =
        new DirectoryOrderMarker(
            new Recorder(),
            new Checkpoints(),
            progress,
            GcListener.NONE,
            0,
            threads,
            Long.MAX_VALUE,
            1 << 19)) {
      submitAll(m, paths);
      m.finish();
    }
    assertThat(reports).hasSizeBetween(32, 64 + threads);
    long max = 0;
    for (long[] r : reports) {
      assertThat(r[0]).isEqualTo(3);
      assertThat(r[2]).isEqualTo(60_000);
      assertThat(r[1]).isBetween(1L, 60_000L);
      max = Math.max(max, r[1]);
    }
    assertThat(max).as("the last report covers the whole batch").isEqualTo(60_000);
    assertThat(done).isEqualTo(paths);
  }

  @ParameterizedTest(name = "threads={0}")
  @CsvSource({"1", "2"})
  void finish_markerFails_throwsRecordsNothingAndClosesThePendingIndexes(int threads)
      throws Exception {
    Random rnd = new Random(11);
    List<ChunkDigest> d = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      d.add(random(rnd));
    }
    Path p = didx(d);
    Recorder rec = new Recorder();
    rec.failOn = d.get(1234);
    Checkpoints cp = new Checkpoints();
    List<Path> done = new ArrayList<>();
    IndexFile index = IndexFiles.open(p);
    DirectoryOrderMarker m = marker(rec, cp, done, 1 << 16, threads, Long.MAX_VALUE, 1 << 19);
    m.submit(index, p, new IndexIdentity(p.toString(), 1, 2, 3, 4, 5));
    assertThatThrownBy(m::finish)
        .isInstanceOf(IOException.class)
        .hasMessageContaining(rec.failOn.toHex());
    assertThat(cp.marked).as("an index is recorded only once fully marked").isEmpty();
    assertThat(done).isEmpty();
    m.close();
    assertThatThrownBy(() -> index.digestWord(0, 0))
        .isInstanceOf(IndexFile.AlreadyClosedException.class);
  }

  @Test
  void finish_cancelRequested_abortsWithGcAbortedException() throws Exception {
    Random rnd = new Random(12);
    List<ChunkDigest> d = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      d.add(random(rnd));
    }
    Path p = didx(d);
    GcListener cancel =
        new GcListener() {
          @Override
          public boolean cancelRequested() {
            return true;
          }
        };
    Recorder rec = new Recorder();
    try (DirectoryOrderMarker m =
        new DirectoryOrderMarker(
            rec, new Checkpoints(), x -> {}, cancel, 0, 1, Long.MAX_VALUE, 1 << 19)) {
      m.submit(IndexFiles.open(p), p, null);
      assertThatThrownBy(m::finish).isInstanceOf(GcAbortedException.class);
    }
    assertThat(rec.all.size()).isLessThan(10_000);
  }
}
