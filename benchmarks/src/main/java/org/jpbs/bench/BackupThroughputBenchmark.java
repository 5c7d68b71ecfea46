package org.jpbs.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupResult;
import org.jpbs.datastore.backup.BackupSession;
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
 * Time of one full backup of {@code mib} MiB held in memory, every chunk new (SHA-256, zstd
 * attempt, insert = temp file + rename), as a fixed {@code .img.fidx} or a buzhash {@code .didx}.
 * MiB/s = mib / (ms/op / 1000).
 *
 * <p>Question: what does the Java backup path sustain per core, and how much does the chunker cost
 * on top of fixed blocks? The data is perturbed before each invocation so no chunk deduplicates;
 * chunk files are deleted after each invocation (outside the measurement) so tmpfs does not fill
 * up.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BackupThroughput -f 1 -wi 1 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class BackupThroughputBenchmark {
  /** "fixed" (4 MiB blocks) or "dynamic" (buzhash, average 4 MiB). */
  @Param({"fixed", "dynamic"})
  public String mode;

  /** "random" (incompressible) or "mixed" (about half compressible). */
  @Param({"mixed", "random"})
  public String content;

  /** Archive size in MiB. */
  @Param({"256"})
  public int mib;

  private BackupBenchStore bench;
  private byte[] data;
  private long invocation;
  private long clock = 1_700_000_000L;
  private int group;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    bench = new BackupBenchStore("backup");
    data = BackupBenchStore.data(mib, content, 1);
  }

  @Setup(Level.Invocation)
  public void perturb() {
    BackupBenchStore.perturb(data, ++invocation);
  }

  @Benchmark
  public BackupResult backup() throws IOException {
    BackupOptions o =
        BackupOptions.defaults(InstantSource.system())
            .withSync(false)
            .withClock(java.time.InstantSource.fixed(java.time.Instant.ofEpochSecond(++clock)));
    try (BackupSession s =
        BackupSession.start(
            bench.store,
            bench.datastore.group(BackupNamespace.root(), BackupType.VM, Integer.toString(group++)),
            o)) {
      if (mode.equals("fixed")) {
        s.addImage("drive-scsi0", new ByteArrayInputStream(data), data.length);
      } else {
        s.addStream("root.pxar", new ByteArrayInputStream(data));
      }
      BackupResult r = s.finish();
      if (r.uploadStats().duplicates() != 0) {
        throw new IllegalStateException("expected only new chunks: " + r.uploadStats());
      }
      return r;
    }
  }

  @TearDown(Level.Invocation)
  public void dropChunks() throws IOException {
    bench.deleteChunks();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    bench.close();
  }
}
