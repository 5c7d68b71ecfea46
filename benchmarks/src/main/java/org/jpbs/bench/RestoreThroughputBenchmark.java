package org.jpbs.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.backup.ArchiveReader;
import org.jpbs.datastore.backup.BackupOptions;
import org.jpbs.datastore.backup.BackupSession;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.datastore.backup.ProgressListener;
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
 * Time of one sequential restore of a {@code mib} MiB archive to a discarding stream: open
 * (manifest, index csum), then per chunk read + CRC + zstd decode + length + SHA-256. MiB/s = mib /
 * (ms/op / 1000).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RestoreThroughput -f 1 -wi 1 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class RestoreThroughputBenchmark {
  /** "fixed" or "dynamic" archive. */
  @Param({"fixed", "dynamic"})
  public String mode;

  /** Archive size in MiB ("mixed" content, about half compressible). */
  @Param({"256"})
  public int mib;

  private BackupBenchStore bench;
  private BackupDir snapshot;
  private String name;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    bench = new BackupBenchStore("restore");
    byte[] data = BackupBenchStore.data(mib, "mixed", 2);
    try (BackupSession s =
        BackupSession.start(
            bench.store,
            bench.datastore.group(BackupNamespace.root(), BackupType.VM, "1"),
            BackupOptions.defaults(InstantSource.system()).withSync(false))) {
      name =
          mode.equals("fixed")
              ? s.addImage("drive-scsi0", new ByteArrayInputStream(data), data.length).filename()
              : s.addStream("root.pxar", new ByteArrayInputStream(data)).filename();
      snapshot = s.finish().snapshot();
    }
  }

  @Benchmark
  public long restore() throws IOException {
    long[] n = new long[1];
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            n[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            n[0] += len;
          }
        };
    try (ArchiveReader r = ArchiveReader.open(bench.store, snapshot, name)) {
      r.copyTo(sink, ProgressListener.NONE, new Cancellation());
    }
    return n[0];
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    bench.close();
  }
}
