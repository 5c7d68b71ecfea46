package org.jpbs.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.verify.Verifier;
import org.jpbs.datastore.verify.VerifyOptions;
import org.jpbs.datastore.verify.VerifyReport;
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
 * Time of one verify job over a snapshot with a {@code mib} MiB dynamic archive (64 KiB average
 * chunks, so the per-chunk costs show: inode stat and ordering, read, CRC, decode, SHA-256, plus
 * the manifest update), with 1 or 2 reader threads. MiB/s = mib / (ms/op / 1000).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar VerifyThroughput -f 1 -wi 1 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class VerifyThroughputBenchmark {
  /** Reader/decoder threads. */
  @Param({"1", "2"})
  public int threads;

  /** Archive size in MiB ("mixed" content). */
  @Param({"256"})
  public int mib;

  /** Average dynamic chunk size in KiB. */
  @Param({"64", "4096"})
  public int avgKib;

  private BackupBenchStore bench;
  private BackupDir snapshot;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    bench = new BackupBenchStore("verify");
    byte[] data = BackupBenchStore.data(mib, "mixed", 3);
    try (BackupSession s =
        BackupSession.start(
            bench.store,
            bench.datastore.group(BackupNamespace.root(), BackupType.VM, "1"),
            BackupOptions.defaults(InstantSource.system())
                .withSync(false)
                .withDynamicAverage(avgKib * 1024))) {
      s.addStream("root.pxar", new ByteArrayInputStream(data));
      snapshot = s.finish().snapshot();
    }
  }

  @Benchmark
  public VerifyReport verify() throws IOException {
    try (Verifier v =
        new Verifier(
            bench.store, VerifyOptions.defaults(InstantSource.system()).withThreads(threads))) {
      VerifyReport r = v.verifySnapshot(snapshot);
      if (!r.ok()) {
        throw new IllegalStateException("verify failed: " + r);
      }
      return r;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    bench.close();
  }
}
