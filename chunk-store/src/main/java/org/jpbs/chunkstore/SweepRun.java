package org.jpbs.chunkstore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs one sweep over a prefix range: threads take batches of {@value #BATCH} contiguous
 * directories in ascending order, each directory under its exclusive chunk lock (unless dry-run),
 * each thread with its own {@link DirectorySweeper} and {@link SweepCounters}.
 *
 * <p>The first failure (or abort) stops all threads at their next entry; the counters of all
 * threads up to that point are merged into the {@link SweepException}.
 */
final class SweepRun {
  static final int BATCH = 64;

  /**
   * Test hook: a pause between classifying an entry for removal and unlinking it, to widen the
   * race window the chunk locks close (0 = none). Set only by tests in this package.
   */
  static volatile long raceWindowNanosForTests;

  private final SweepRequest request;
  private final ChunkLocks locks;
  private final Supplier<DirectorySweeper> sweepers;
  private final AtomicInteger next;
  private final AtomicInteger dirsDone = new AtomicInteger();
  private final AtomicLong entries = new AtomicLong();
  private final List<SweepCounters> allCounters = new ArrayList<>();
  private final Object progressLock = new Object();
  private volatile Throwable failure;
  private final int total;

  SweepRun(SweepRequest request, ChunkLocks locks, Supplier<DirectorySweeper> sweepers) {
    this.request = request;
    this.locks = locks;
    this.sweepers = sweepers;
    this.next = new AtomicInteger(request.firstPrefix());
    this.total = request.lastPrefix() - request.firstPrefix() + 1;
  }

  SweepReport run() throws IOException, InterruptedException {
    int n = Math.min(request.threads(), (total + BATCH - 1) / BATCH);
    if (n <= 1) {
      worker();
    } else {
      List<Thread> threads = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Thread t = new Thread(() -> {
          try {
            worker();
          } finally {
            locks.releaseThread();
          }
        }, "jpbs-sweep-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      try {
        for (Thread t : threads) {
          t.join();
        }
      } catch (InterruptedException e) {
        failure = e;
        for (Thread t : threads) {
          t.join(); // they stop at their next entry
        }
        throw e;
      }
    }
    long[] totals = new long[9];
    synchronized (allCounters) {
      for (SweepCounters c : allCounters) {
        c.addTo(totals);
      }
    }
    SweepReport report = SweepCounters.report(totals);
    Throwable f = failure;
    if (f != null) {
      boolean aborted = f instanceof DirectorySweeper.SweepAbortSignal;
      String msg = aborted ? "sweep aborted by request" : "sweep failed: " + f.getMessage();
      throw new SweepException(msg, aborted ? null : f, report, aborted);
    }
    synchronized (progressLock) {
      request.listener().progress(total, total, report.chunkCount());
    }
    return report;
  }

  private void worker() {
    SweepCounters counters = new SweepCounters(request.minAtime(), request.oldestWriter(), request.referenced());
    synchronized (allCounters) {
      allCounters.add(counters);
    }
    BooleanSupplier user = request.abortCheck();
    BooleanSupplier abort = () -> failure != null || user.getAsBoolean();
    boolean unlink = !request.dryRun();
    int last = request.lastPrefix();
    try (DirectorySweeper sweeper = sweepers.get()) {
      while (failure == null) {
        int start = next.getAndAdd(BATCH);
        if (start > last) {
          return;
        }
        int end = Math.min(last, start + BATCH - 1);
        for (int p = start; p <= end; p++) {
          if (abort.getAsBoolean()) {
            throw new DirectorySweeper.SweepAbortSignal();
          }
          long before = counters.chunkCount;
          if (unlink) {
            locks.lockExclusive(p);
            try {
              sweeper.sweep(p, counters, true, abort);
            } finally {
              locks.unlockExclusive(p);
            }
          } else {
            sweeper.sweep(p, counters, false, abort);
          }
          entries.addAndGet(counters.chunkCount - before);
        }
        int done = dirsDone.addAndGet(end - start + 1);
        if (done < total) {
          synchronized (progressLock) {
            request.listener().progress(done, total, entries.get());
          }
        }
      }
    } catch (DirectorySweeper.SweepAbortSignal e) {
      if (failure == null) {
        failure = e;
      }
    } catch (IOException | RuntimeException | Error e) {
      failure = e; // a real error wins over an abort signal caused by it
    }
  }

  /** Called by the directory sweepers between classification and unlink. */
  static void beforeUnlink() {
    long pause = raceWindowNanosForTests;
    if (pause > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(pause);
    }
  }
}
