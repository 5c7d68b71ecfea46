package org.jpbs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DynamicIndexReader;
import org.jpbs.format.DynamicIndexWriter;
import org.jpbs.format.FixedIndexReader;
import org.jpbs.format.FixedIndexWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How many digests per second can the GC mark phase pull out of an index file?
 *
 * <p>Question: iterating all digests of a 1M-entry fixed ({@code .fidx}, 32 B/entry) and dynamic
 * ({@code .didx}, 40 B/entry) index through the zero-allocation {@code digestWord} / {@code
 * copyDigest} accessors, compared with two bounds over the same number of bytes: a raw
 * little-endian {@code getLong} scan of the mapped file ({@code boundMappedScan*}) and a scan of a
 * heap {@code long[]} ({@code boundHeapScan}). Each operation is one digest (scores are digests/s).
 *
 * <p>Hypothesis: with warm page cache, iteration is limited by memory bandwidth and per-call checks
 * (closed flag, index checks, segment lookup), not by allocation: the accessor paths should be
 * within ~2× of the raw mapped scan, i.e. ≥ 100M digests/s, which is ~300× the ~300k touches/s the
 * mark phase's syscalls allow (STACK.md §5), so index reading is never the GC bottleneck. The
 * allocating {@code digest(i)} path is included to show the cost avoided.
 *
 * <p>Setup (outside measurement): the two indexes are written once per trial with the jpbs writers
 * into a temp directory (random digests from a fixed seed) and opened; they are deleted at
 * teardown. Results go into a {@link Blackhole} per digest, as a consumer would receive them.
 *
 * <p>Run: {@code mvn -B -q -o package -pl benchmarks -am -DskipTests} then {@code java -jar
 * benchmarks/target/benchmarks.jar IndexIteration -f 1 -wi 2 -i 3 -w 2s -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IndexIterationBenchmark {
  static final int N = 1_000_000;

  private Path dir;
  private FixedIndexReader fixed;
  private DynamicIndexReader dynamic;
  private FileChannel fixedCh;
  private FileChannel dynamicCh;
  private ByteBuffer fixedRaw;
  private ByteBuffer dynamicRaw;
  private long[] heap;
  private final byte[] buf = new byte[ChunkDigest.SIZE];

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = Files.createTempDirectory("jpbs-index-bench");
    SplittableRandom rnd = new SplittableRandom(42);
    Path f = dir.resolve("bench.img.fidx");
    int chunk = 4 << 20;
    try (FixedIndexWriter w =
        FixedIndexWriter.create(f, (long) N * chunk, chunk, new UUID(1, 2), 0)) {
      for (int i = 0; i < N; i++) {
        w.setDigest(
            i, ChunkDigest.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()));
      }
      w.commit(false);
    }
    Path d = dir.resolve("bench.pxar.didx");
    try (DynamicIndexWriter w = DynamicIndexWriter.create(d, new UUID(3, 4), 0)) {
      long end = 0;
      for (int i = 0; i < N; i++) {
        end += 1 + rnd.nextInt(8 << 20);
        w.append(
            end,
            ChunkDigest.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()));
      }
      w.commit(false);
    }
    fixed = FixedIndexReader.open(f);
    dynamic = DynamicIndexReader.open(d);
    fixed.verify();
    dynamic.verify();
    fixedCh = FileChannel.open(f, StandardOpenOption.READ);
    dynamicCh = FileChannel.open(d, StandardOpenOption.READ);
    fixedRaw = map(fixedCh);
    dynamicRaw = map(dynamicCh);
    heap = new long[N * 4];
    for (int i = 0; i < heap.length; i++) {
      heap[i] = rnd.nextLong();
    }
  }

  private static ByteBuffer map(FileChannel ch) throws IOException {
    MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 4096, ch.size() - 4096);
    return m.order(ByteOrder.LITTLE_ENDIAN);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    fixed.close();
    dynamic.close();
    fixedCh.close();
    dynamicCh.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Fixed index, four {@code digestWord} calls per digest, folded into one long. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void fixedDigestWords(Blackhole bh) {
    FixedIndexReader r = fixed;
    int n = r.count();
    for (int i = 0; i < n; i++) {
      bh.consume(r.digestWord(i, 0) ^ r.digestWord(i, 1) ^ r.digestWord(i, 2) ^ r.digestWord(i, 3));
    }
  }

  /** Dynamic index, four {@code digestWord} calls per digest. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void dynamicDigestWords(Blackhole bh) {
    DynamicIndexReader r = dynamic;
    int n = r.count();
    for (int i = 0; i < n; i++) {
      bh.consume(r.digestWord(i, 0) ^ r.digestWord(i, 1) ^ r.digestWord(i, 2) ^ r.digestWord(i, 3));
    }
  }

  /** Fixed index, {@code copyDigest} into a reused 32-byte array. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void fixedCopyDigest(Blackhole bh) {
    FixedIndexReader r = fixed;
    byte[] b = buf;
    int n = r.count();
    for (int i = 0; i < n; i++) {
      r.copyDigest(i, b, 0);
      bh.consume(b);
    }
  }

  /** Dynamic index, {@code copyDigest} into a reused 32-byte array. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void dynamicCopyDigest(Blackhole bh) {
    DynamicIndexReader r = dynamic;
    byte[] b = buf;
    int n = r.count();
    for (int i = 0; i < n; i++) {
      r.copyDigest(i, b, 0);
      bh.consume(b);
    }
  }

  /** Fixed index, allocating {@code digest(i)} (the convenience path the hot loop avoids). */
  @Benchmark
  @OperationsPerInvocation(N)
  public void fixedDigestObjects(Blackhole bh) {
    FixedIndexReader r = fixed;
    int n = r.count();
    for (int i = 0; i < n; i++) {
      bh.consume(r.digest(i));
    }
  }

  /** Bound: raw LE getLong over the mapped .fidx entry area, 4 longs per digest, no checks. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void boundMappedScanFixed(Blackhole bh) {
    ByteBuffer b = fixedRaw;
    for (int i = 0, off = 0; i < N; i++, off += 32) {
      bh.consume(b.getLong(off) ^ b.getLong(off + 8) ^ b.getLong(off + 16) ^ b.getLong(off + 24));
    }
  }

  /** Bound: raw LE getLong over the mapped .didx entry area, 4 digest longs per 40-byte entry. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void boundMappedScanDynamic(Blackhole bh) {
    ByteBuffer b = dynamicRaw;
    for (int i = 0, off = 8; i < N; i++, off += 40) {
      bh.consume(b.getLong(off) ^ b.getLong(off + 8) ^ b.getLong(off + 16) ^ b.getLong(off + 24));
    }
  }

  /** Bound: a heap long[] with the same 32 MB, 4 longs per "digest". */
  @Benchmark
  @OperationsPerInvocation(N)
  public void boundHeapScan(Blackhole bh) {
    long[] h = heap;
    for (int i = 0; i < h.length; i += 4) {
      bh.consume(h[i] ^ h[i + 1] ^ h[i + 2] ^ h[i + 3]);
    }
  }
}
