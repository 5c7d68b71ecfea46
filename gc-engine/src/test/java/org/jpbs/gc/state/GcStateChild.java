package org.jpbs.gc.state;

import java.nio.file.Path;
import org.jpbs.testkit.FakeClock;

/**
 * Child-process entry point for the cross-process ITs: opens the state, does one thing, prints
 * {@code READY ...} and blocks on stdin until killed (or stdin closes).
 *
 * <pre>
 * writer &lt;dir&gt; &lt;epoch&gt;                  register a writer started at epoch
 * mark   &lt;dir&gt; &lt;epoch&gt; &lt;batch&gt; &lt;n&gt;      begin a run, enter MARK, publish the marker,
 *                                       checkpoint n synthetic index files f0..f(n-1)
 * lock   &lt;dir&gt;                          take the GC lock
 * </pre>
 */
public final class GcStateChild {
  private GcStateChild() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "writer" -> {
        GcStateStore s = GcStateStore.open(dir, FakeClock.atEpochSecond(Long.parseLong(args[2])));
        WriterLease lease = s.registerWriter("backup", "child writer");
        ready(lease.info().leaseId());
      }
      case "mark" -> {
        long epoch = Long.parseLong(args[2]);
        GcStateOptions o = GcStateOptions.defaults().withCheckpointBatch(Integer.parseInt(args[3]));
        GcStateStore s = GcStateStore.open(dir, FakeClock.atEpochSecond(epoch), o);
        GcRun run = s.beginRun(epoch, epoch - 86700, 86700, new GcRunOptions(2, 1024, false));
        s.updatePhase(run.runId(), GcPhase.MARK);
        s.markPhaseBegin(run.runId(), run.minAtime(), epoch);
        int n = Integer.parseInt(args[4]);
        for (int i = 0; i < n; i++) {
          s.checkpointIndexMarked(run.runId(), synthetic(i));
        }
        ready(run.runId());
      }
      case "lock" -> {
        GcStateStore s = GcStateStore.open(dir, FakeClock.atEpochSecond(0));
        s.tryAcquireGcLock();
        ready(0);
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
    while (System.in.read() >= 0) {
      // block until killed
    }
  }

  static IndexIdentity synthetic(int i) {
    return new IndexIdentity(
        "vm/100/2026-01-01T00:00:00Z/f" + i + ".fidx", 1, 1000 + i, 4096, i, i);
  }

  private static void ready(long value) {
    System.out.println("READY " + ProcessHandle.current().pid() + " " + value);
    System.out.flush();
  }
}
