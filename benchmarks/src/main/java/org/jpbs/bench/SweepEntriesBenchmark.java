package org.jpbs.bench;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ChunkStoreOptions;
import org.jpbs.chunkstore.SweepReport;
import org.jpbs.chunkstore.SweepRequest;
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
 * Time of one full sweep over a store of {@code chunks} + {@code chunks/9} orphan files (1M files
 * by default, all 65,536 directories): entries/s = 1,000,000 / score. JNA (getdents64 + statx in
 * place) vs NIO (DirectoryStream + readAttributes), 1 or 2 threads.
 *
 * <p>Question: how close is the Java sweep to {@code ../shared/perf/bench.md} (C phase 2 on tmpfs
 * 1M: dry 1.94 s = 516k entries/s; with 10 % unlinks 2.45 s = 408k/s; readdir+fstatat floor 2.36
 * s)? {@code dryRun} classifies only (the store is unchanged). {@code sweepWithUnlink} adds 10 %
 * orphans aged 2 days before each iteration (setup, not measured) and unlinks them, like a real GC;
 * the chunk lock is taken per directory.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SweepEntries
 * -Djpbs.bench.dir=/dev/shm}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class SweepEntriesBenchmark {
  /** Number of referenced chunk files; orphans add chunks / 9 (900k + 100k = 1M files). */
  @Param({"900000"})
  public int chunks;

  @Param({"jna", "nio"})
  public String impl;

  @Param({"1", "2"})
  public int threads;

  private ChunkStore store;
  private long now;

  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    store =
        ChunkStore.open(
            SweepBenchStore.ensure(chunks),
            ChunkStoreOptions.defaults(InstantSource.system())
                .withNativeAccess(impl.equals("jna")));
    now = Instant.now().getEpochSecond();
  }

  @Setup(Level.Iteration)
  public void addOrphans() throws IOException {
    SweepBenchStore.createOrphans(store, chunks / 9, Instant.ofEpochSecond(now - 2 * 86400));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, InterruptedException {
    // leave the store as generated: remove remaining orphans
    store.sweep(SweepRequest.of(now - 86400, now - 86400).withThreads(2));
    store.close();
  }

  /** Classify every entry, unlink nothing. */
  @Benchmark
  public SweepReport dryRun() throws IOException, InterruptedException {
    return store.sweep(
        SweepRequest.of(now - 86400, now - 86400).withThreads(threads).withDryRun(true));
  }

  /** Classify every entry and unlink the 10 % orphans (atime 2 days old, cutoff 1 day). */
  @Benchmark
  public SweepReport sweepWithUnlink() throws IOException, InterruptedException {
    SweepReport r = store.sweep(SweepRequest.of(now - 86400, now - 86400).withThreads(threads));
    if (r.removedChunks() != chunks / 9) {
      throw new IllegalStateException("expected " + chunks / 9 + " removals: " + r);
    }
    return r;
  }
}
