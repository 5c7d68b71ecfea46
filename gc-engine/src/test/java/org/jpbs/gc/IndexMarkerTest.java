package org.jpbs.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DynamicIndexWriter;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IndexMarker's directory-ordered batches: every digest marked once, in order, before return. */
class IndexMarkerTest {
  @TempDir Path dir;

  /** Records what it is asked to mark, per thread. */
  private static final class Recorder implements ChunkMarker {
    final List<ChunkDigest> all = Collections.synchronizedList(new ArrayList<>());
    final ThreadLocal<List<ChunkDigest>> mine = ThreadLocal.withInitial(ArrayList::new);
    final List<List<ChunkDigest>> perThread = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void mark(long w0, long w1, long w2, long w3, Path requiredBy) {
      ChunkDigest d = ChunkDigest.ofWords(w0, w1, w2, w3);
      all.add(d);
      List<ChunkDigest> l = mine.get();
      if (l.isEmpty()) {
        perThread.add(l);
      }
      l.add(d);
    }

    @Override
    public long missingChunks() {
      return 0;
    }
  }

  private Path writeIndex(String name, List<ChunkDigest> digests) throws IOException {
    Path p = dir.resolve(name);
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

  private static List<ChunkDigest> randomDigests(Random rnd, int unique, int total) {
    List<ChunkDigest> pool = new ArrayList<>();
    for (int i = 0; i < unique; i++) {
      byte[] b = new byte[32];
      rnd.nextBytes(b);
      pool.add(ChunkDigest.of(b));
    }
    List<ChunkDigest> out = new ArrayList<>(pool);
    while (out.size() < total) {
      out.add(pool.get(rnd.nextInt(unique)));
    }
    Collections.shuffle(out, rnd);
    return out;
  }

  @ParameterizedTest(name = "seed={0} threads={1} unique={2}")
  @CsvSource({"1,1,5000", "2,2,5000", "3,1,70000", "4,2,70000", "5,3,100"})
  void mark_shuffledIndexWithRepeats_marksEachDigestOnceInDirectoryOrderPerBatch(
      long seed, int threads, int unique) throws Exception {
    Random rnd = new Random(seed);
    List<ChunkDigest> digests = randomDigests(rnd, unique, unique + unique / 2);
    Path path = writeIndex("a.didx", digests);
    Recorder rec = new Recorder();

    try (IndexMarker marker =
            new IndexMarker(rec, GcOptions.DEFAULT_CACHE_CAPACITY, threads, GcListener.NONE);
        IndexFile index = IndexFiles.open(path)) {
      marker.mark(index, path);
      // every digest marked exactly once, all before mark() returned
      assertThat(new HashSet<>(rec.all)).as("seed %d", seed).isEqualTo(new HashSet<>(digests));
      assertThat(rec.all).as("seed %d: no digest twice", seed).hasSize(unique);
      assertThat(marker.cacheMisses()).isEqualTo(unique);
    }
    for (List<ChunkDigest> l : rec.perThread) {
      assertSortedInBatches(l, seed);
    }
  }

  /** Ascending by directory prefix within each batch of IndexMarker.BATCH. */
  private static void assertSortedInBatches(List<ChunkDigest> marked, long seed) {
    for (int from = 0; from < marked.size(); from += IndexMarker.BATCH) {
      List<ChunkDigest> batch =
          marked.subList(from, Math.min(marked.size(), from + IndexMarker.BATCH));
      for (int i = 1; i < batch.size(); i++) {
        assertThat(batch.get(i - 1).prefix())
            .as("seed %d: batch at %d, position %d", seed, from, i)
            .isLessThanOrEqualTo(batch.get(i).prefix());
      }
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @CsvSource({"11", "12", "13"})
  void mark_secondIndexSharingDigests_marksOnlyNewOnes(long seed) throws Exception {
    Random rnd = new Random(seed);
    List<ChunkDigest> first = randomDigests(rnd, 3000, 3000);
    List<ChunkDigest> second = new ArrayList<>(first.subList(0, 2000));
    second.addAll(randomDigests(rnd, 1000, 1000));
    Path p1 = writeIndex("1.didx", first);
    Path p2 = writeIndex("2.didx", second);
    Recorder rec = new Recorder();
    try (IndexMarker marker = new IndexMarker(rec, 1 << 16, 1, GcListener.NONE)) {
      try (IndexFile i1 = IndexFiles.open(p1)) {
        marker.mark(i1, p1);
      }
      assertThat(rec.all).hasSize(3000);
      try (IndexFile i2 = IndexFiles.open(p2)) {
        marker.mark(i2, p2);
      }
    }
    Set<ChunkDigest> expectedNew = new HashSet<>(second.subList(2000, 3000));
    assertThat(new HashSet<>(rec.all.subList(3000, rec.all.size())))
        .as("seed %d", seed)
        .isEqualTo(expectedNew);
  }

  @ParameterizedTest(name = "w0={0}")
  @CsvSource({
    "0x0000ffffffffffff,0x0001000000000000",
    "0x7fffffffffffffff,0x8000000000000000",
    "0x00000000ffffffff,0x0000000100000000"
  })
  void sortKey_unsignedDigestOrder_preservedAcrossSignBit(String lo, String hi) {
    long a = Long.parseUnsignedLong(lo.substring(2), 16);
    long b = Long.parseUnsignedLong(hi.substring(2), 16);
    assertThat(IndexMarker.sortKey(a, 999_999)).isLessThan(IndexMarker.sortKey(b, 0));
    assertThat((int) IndexMarker.sortKey(a, 123_456)).isEqualTo(123_456);
  }
}
