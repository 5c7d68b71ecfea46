package org.jpbs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import org.jpbs.gc.cache.DigestCache;
import org.jpbs.gc.cache.DigestPatterns;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Which digest cache is faster for GC marking: Caffeine (W-TinyLFU, one key object per insert) or
 * the primitive 16-way set-associative {@code long[]} table?
 *
 * <p>Measures one {@link DigestCache#insert(long, long, long, long)} (the per-reference cost the
 * mark phase pays before deciding whether to touch a chunk), in steady state: the cache lives for
 * the whole trial and the pre-generated trace (2M digests, {@link DigestPatterns}, seeded) is
 * replayed cyclically. Patterns: {@code SNAPSHOTS} (consecutive snapshots with 67% reuse, newest
 * first, like {@code mkstore -r 0.67}), {@code UNIQUE} (no reuse: pure miss + eviction cost) and
 * {@code ZIPF} (skewed sharing). Hypothesis: the table wins on misses (no allocation, no eviction
 * bookkeeping); Caffeine's extra cost is small next to a ~3 µs {@code utimensat}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DigestCache -f 1 -wi 2 -i 3 -w 2s -r
 * 2s}. Heap bytes per entry: {@code java -cp benchmarks/target/benchmarks.jar
 * 'org.jpbs.bench.DigestCacheBenchmark$Footprint'}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class DigestCacheBenchmark {
  private static final int TRACE_LENGTH = 2_000_000;

  @Param({"CAFFEINE", "SET_ASSOCIATIVE"})
  public DigestCache.Kind kind;

  @Param({"65536", "1048576"})
  public int capacity;

  @Param({"SNAPSHOTS", "UNIQUE", "ZIPF"})
  public DigestPatterns.Pattern pattern;

  private long[] trace;
  private int pos;
  private DigestCache cache;

  @Setup(Level.Trial)
  public void setUp() {
    trace = DigestPatterns.generate(pattern, TRACE_LENGTH, capacity, 42);
    cache = DigestCache.create(capacity, kind);
    pos = 0;
  }

  @Benchmark
  public void insert(Blackhole bh) {
    int i = pos;
    pos = i + 4 == trace.length ? 0 : i + 4;
    bh.consume(cache.insert(trace[i], trace[i + 1], trace[i + 2], trace[i + 3]));
  }

  /** Estimates retained heap bytes per entry of a full cache of the default capacity. */
  public static final class Footprint {
    private Footprint() {}

    /** Prints bytes per entry for each kind at capacity 1,048,576. */
    public static void main(String[] args) {
      int capacity = args.length > 0 ? Integer.parseInt(args[0]) : DigestCache.DEFAULT_CAPACITY;
      for (DigestCache.Kind kind : DigestCache.Kind.values()) {
        long before = usedAfterGc();
        DigestCache c = DigestCache.create(capacity, kind);
        for (long id = 0; id < 2L * capacity; id++) { // overfill: full, steady state
          c.insert(mix(id), mix(id + 1), mix(id + 2), mix(id + 3));
        }
        long after = usedAfterGc();
        System.out.printf(
            "%-16s capacity %d: %.1f heap bytes/entry (%d MiB), hits %d%n",
            kind,
            c.capacity(),
            (double) (after - before) / c.capacity(),
            (after - before) >> 20,
            c.hits());
      }
    }

    private static long usedAfterGc() {
      MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
      for (int i = 0; i < 5; i++) {
        System.gc();
      }
      return mem.getHeapMemoryUsage().getUsed();
    }

    private static long mix(long z) {
      z = (z * 0x9E3779B97F4A7C15L) ^ (z >>> 29);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      return z ^ (z >>> 31);
    }
  }
}
