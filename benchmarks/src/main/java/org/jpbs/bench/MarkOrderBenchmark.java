package org.jpbs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.DynamicIndexWriter;
import org.jpbs.gc.ChunkMarker;
import org.jpbs.gc.GcOptions;
import org.jpbs.gc.IndexMarkings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does each phase-1 strategy cost in user space per index reference, before any syscall?
 *
 * <p>Question: the GC's mark phase hands every distinct referenced digest to a {@link ChunkMarker}
 * (which then makes one {@code utimensat}). {@code INDEX} is PBS's way ({@code IndexMarker}: each
 * index as it is read, duplicates skipped by the 1,048,576-entry digest cache); {@code DIRECTORY}
 * is jpbs's default ({@code DirectoryOrderMarker}: references of many indexes bucketed by chunk
 * directory, exact duplicates dropped per directory). Both are measured with a marker that only
 * counts, so the score is the pure user-space overhead per reference (scores are references/s; one
 * operation = one reference).
 *
 * <p>Hypothesis: both are far below the ~1.9-3 µs a touch costs the kernel; {@code DIRECTORY} costs
 * less per reference than the cache (no random access into a 33 MiB table per reference), while its
 * real gain is in the kernel: directory-ordered touches ran ~1.6x the rate of random ones
 * (docs/performance.md, measured end to end by {@code gc-vs-refgc.sh}).
 *
 * <p>Setup (outside measurement): 200 dynamic indexes shaped like the harness's store ({@code
 * mkstore -g 50 -s 4 -r 0.67}: 50 groups × 4 snapshots × 9,046 entries, 67 % reuse between
 * consecutive snapshots, 1,809,200 references to 900,000 distinct digests), written once per trial
 * into a temp directory (under {@code -Djpbs.bench.dir}, default the JVM temp dir) and deleted at
 * teardown. Each invocation opens all 200 indexes and marks them in PBS order.
 *
 * <p>The markers are package-private in gc-engine; {@link IndexMarkings#markAll} runs them as phase
 * 1 does.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MarkOrder -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MarkOrderBenchmark {
  static final int GROUPS = 50;
  static final int SNAPSHOTS = 4;
  static final int ENTRIES = 9_046;
  static final int REFERENCES = GROUPS * SNAPSHOTS * ENTRIES;

  @Param({"DIRECTORY", "INDEX"})
  public GcOptions.MarkOrder order;

  private Path dir;
  private final List<Path> indexes = new ArrayList<>();

  /** Counts what it is asked to mark; touches nothing. */
  static final class Counter implements ChunkMarker {
    long marked;
    long sum;

    @Override
    public void mark(long w0, long w1, long w2, long w3, Path requiredBy) {
      marked++;
      sum += w0 ^ w3;
    }

    @Override
    public long missingChunks() {
      return 0;
    }
  }

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Path parent =
        Path.of(System.getProperty("jpbs.bench.dir", System.getProperty("java.io.tmpdir")));
    dir = Files.createTempDirectory(parent, "jpbs-markorder-bench");
    SplittableRandom rnd = new SplittableRandom(42);
    int reused = (int) (ENTRIES * 0.67);
    for (int g = 0; g < GROUPS; g++) {
      List<ChunkDigest> prev = null;
      for (int s = 0; s < SNAPSHOTS; s++) {
        List<ChunkDigest> cur = new ArrayList<>(ENTRIES);
        if (prev != null) {
          cur.addAll(prev.subList(ENTRIES - reused, ENTRIES));
        }
        while (cur.size() < ENTRIES) {
          cur.add(
              ChunkDigest.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()));
        }
        Path p = dir.resolve("g" + g + "-s" + s + ".didx");
        try (DynamicIndexWriter w = DynamicIndexWriter.create(p, InstantSource.system())) {
          long end = 0;
          for (ChunkDigest d : cur) {
            end += 4096;
            w.append(end, d);
          }
          w.commit(false);
        }
        indexes.add(0, p); // newest snapshot first, as phase 1 walks a group
        prev = cur;
      }
    }
  }

  @TearDown(Level.Trial)
  public void teardown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(REFERENCES)
  public long markAllIndexes() throws Exception {
    Counter counter = new Counter();
    IndexMarkings.markAll(order, counter, indexes);
    return counter.marked + counter.sum;
  }
}
