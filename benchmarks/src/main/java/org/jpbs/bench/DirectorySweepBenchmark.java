package org.jpbs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.chunkstore.SweepRequest;
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
 * Time to classify one chunk directory (getdents64 + statx per entry, nothing unlinked) through
 * {@code ChunkStore.sweep} restricted to that directory, JNA vs NIO.
 *
 * <p>Question: what does one directory cost at the entry counts real stores have: {@code 15} (1M
 * chunks over 65,536 directories, the harness store), {@code 61} (4M) and {@code 1000} (a 65M-chunk
 * store)? Per entry the floor is readdir + fstatat ≈ 2.4 µs on tmpfs (bench.md); per directory the
 * sweep adds openat/close and the per-call setup of {@code ChunkStore.sweep} (one {@code SweepRun},
 * one 32 KiB getdents buffer), which the full-store {@code SweepEntriesBenchmark} amortizes over
 * 65,536 directories. 10 % of the entries are orphans (atime 2 days old); with the dry run they are
 * only counted.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DirectorySweep
 * -Djpbs.bench.dir=/dev/shm}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DirectorySweepBenchmark {
  private static final int PREFIX = 0xab12;

  @Param({"15", "61", "1000"})
  public int entries;

  @Param({"jna", "nio"})
  public String impl;

  private Path base;
  private ChunkStore store;
  private long now;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    base = SweepBenchStore.base(0).resolveSibling("jpbs-bench-dir-" + entries + "-" + impl);
    if (Files.exists(base)) {
      deleteTree(base);
    }
    store =
        ChunkStore.create(
            base,
            ChunkStoreOptions.defaults(InstantSource.system())
                .withNativeAccess(impl.equals("jna")));
    now = Instant.now().getEpochSecond();
    FileTime old = FileTime.from(Instant.ofEpochSecond(now - 2 * 86400));
    byte[] b = new byte[32];
    for (int i = 0; i < entries; i++) {
      b[0] = (byte) (PREFIX >>> 8);
      b[1] = (byte) PREFIX;
      for (int k = 2; k < 32; k++) {
        b[k] = (byte) (i * 31 + k * 7 + (i >>> 8) * 13);
      }
      b[2] = (byte) i;
      b[3] = (byte) (i >>> 8);
      Path p = store.chunkPath(ChunkDigest.of(b));
      Files.write(p, new byte[0]);
      if (i % 10 == 0) {
        Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(null, old, null);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    deleteTree(base);
  }

  /** Classify every entry of the one directory; unlink nothing. */
  @Benchmark
  public SweepReport classifyOneDirectory() throws IOException, InterruptedException {
    SweepReport r =
        store.sweep(
            SweepRequest.of(now - 86400, now - 86400)
                .withPrefixRange(PREFIX, PREFIX)
                .withDryRun(true));
    if (r.chunkCount() != entries) {
      throw new IllegalStateException("expected " + entries + " entries: " + r);
    }
    return r;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
