package org.jpbs.bench;

import java.io.IOException;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.format.ChunkDigest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Touches/s of {@code ChunkStore.touch} (chunk lock + utimensat) and {@code touchForMark} (GC mark
 * phase, no lock), JNA direct mapping vs the NIO {@code setTimes} fallback.
 *
 * <p>Question: how close is the Java mark loop to the C floor in {@code ../shared/perf/bench.md}
 * (utimensat 311k/s tmpfs, 193k/s ext4 at 1M chunks), and what do the two OFD-lock fcntl calls of a
 * locked touch cost? Distribution: every chunk of a 900k-chunk store in a seeded random order (GC
 * phase 1 touches each referenced chunk once, in index order, which is random with respect to
 * directories), or sorted per index-sized batch as {@code IndexMarker} does. Setup (store
 * generation, digests) is outside measurement.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TouchThroughput
 * -Djpbs.bench.dir=/dev/shm} (the store stays for reuse; delete {@code /dev/shm/jpbs-bench-900000}
 * afterwards).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class TouchThroughputBenchmark {
  /** Number of (referenced) chunk files in the store; the sweep benchmark adds 10 % orphans. */
  @Param({"900000"})
  public int chunks;

  /** "jna" (utimensat via direct mapping) or "nio" (BasicFileAttributeView.setTimes). */
  @Param({"jna", "nio"})
  public String impl;

  /**
   * "random": a seeded shuffle of all chunks (index order); "batch-sorted": the same shuffle with
   * each run of {@code 9046} digests (one index file of the 1M mkstore shape) sorted by digest,
   * which is the order {@code IndexMarker} touches the cache misses of one index in.
   */
  @Param({"random", "batch-sorted"})
  public String order;

  private static final int INDEX_ENTRIES = 9046;

  private ChunkStore store;
  private ChunkDigest[] digests;
  private long[] words;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    store =
        ChunkStore.open(
            SweepBenchStore.ensure(chunks),
            ChunkStoreOptions.defaults(InstantSource.system())
                .withNativeAccess(impl.equals("jna")));
    if (store.usesNativeAccess() != impl.equals("jna")) {
      throw new IllegalStateException("wanted " + impl + ", got " + store);
    }
    digests = new ChunkDigest[chunks];
    for (int i = 0; i < chunks; i++) {
      digests[i] = SweepBenchStore.digest(i);
    }
    SplittableRandom r = new SplittableRandom(42);
    for (int i = chunks - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      ChunkDigest t = digests[i];
      digests[i] = digests[j];
      digests[j] = t;
    }
    if (order.equals("batch-sorted")) {
      for (int from = 0; from < chunks; from += INDEX_ENTRIES) {
        java.util.Arrays.sort(digests, from, Math.min(chunks, from + INDEX_ENTRIES));
      }
    }
    words = new long[chunks * 4];
    for (int i = 0; i < chunks; i++) {
      for (int k = 0; k < 4; k++) {
        words[4 * i + k] = digests[i].word(k);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
  }

  private ChunkDigest nextDigest() {
    ChunkDigest d = digests[next];
    next = next + 1 == digests.length ? 0 : next + 1;
    return d;
  }

  /** Writer touch: OFD read lock on the directory byte, utimensat, unlock. */
  @Benchmark
  public boolean touchLocked() throws IOException {
    return store.touch(nextDigest());
  }

  /** GC mark touch: utimensat only. */
  @Benchmark
  public boolean touchForMark() throws IOException {
    return store.touchForMark(nextDigest());
  }

  /**
   * GC mark touch as the mark loop calls it: digest words, no {@code ChunkDigest}, no allocation.
   */
  @Benchmark
  public boolean touchForMarkWords() throws IOException {
    int i = 4 * next;
    next = next + 1 == digests.length ? 0 : next + 1;
    return store.touchForMark(words[i], words[i + 1], words[i + 2], words[i + 3]);
  }
}
