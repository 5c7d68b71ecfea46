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
 * directories in ascending order, each thread with its own {@link DirectorySweeper} and {@link
 * SweepCounters}. Unless dry-run, each directory is swept while the thread holds its exclusive
 * chunk lock: runs of contiguous directories of a batch are locked with one range lock, as many as
 * hold about {@value #LOCK_SPAN_ENTRIES} chunk files (all 64 of a batch at 1M chunks, one per lock
 * at 64M). With {@linkplain SweepRequest#withReferenced referenced chunks} (a mark set), the
 * thread's view loads the whole span's answers before the span's range lock is taken.
 *
 * <p>The first failure (or abort) stops all threads at their next entry; the counters of all
 * threads up to that point are merged into the {@link SweepException}.
 */
final class SweepRun {
  static final int BATCH = 64;

  /** Target number of chunk files swept under one range lock (see {@link #lockSpan}). */
  static final int LOCK_SPAN_ENTRIES = 1024;

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
        Thread t =
            new Thread(
                () -> {
                  try {
                    worker();
                  } finally {
                    locks.releaseThread();
                  }
                },
                "jpbs-sweep-" + i);
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
    long[] totals = new long[SweepCounters.COUNTERS];
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
    ReferencedChunks referenced =
        request.referenced() == null ? null : request.referenced().forSweepThread();
    SweepCounters counters =
        new SweepCounters(
            request.minAtime(), request.oldestWriter(), referenced, request.statMembers());
    synchronized (allCounters) {
      allCounters.add(counters);
    }
    BooleanSupplier user = request.abortCheck();
    BooleanSupplier abort = () -> failure != null || user.getAsBoolean();
    boolean unlink = !request.dryRun();
    int last = request.lastPrefix();
    int dirsSwept = 0;
    try (DirectorySweeper sweeper = sweepers.get()) {
      while (failure == null) {
        int start = next.getAndAdd(BATCH);
        if (start > last) {
          return;
        }
        int end = Math.min(last, start + BATCH - 1);
        long before = counters.chunkCount;
        for (int p = start; p <= end; ) {
          int span = unlink ? lockSpan(end - p + 1, dirsSwept, counters.chunkCount) : end - p + 1;
          if (referenced != null) {
            referenced.load(p, span); // before the lock: a load may read the mark set's spill file
          }
          if (unlink) {
            locks.lockExclusiveRange(p, span);
          }
          try {
            for (int q = p; q < p + span; q++) {
              if (abort.getAsBoolean()) {
                throw new DirectorySweeper.SweepAbortSignal();
              }
              sweeper.sweep(q, counters, unlink, abort);
            }
          } finally {
            if (unlink) {
              locks.unlockExclusiveRange(p, span);
            }
          }
          dirsSwept += span;
          p += span;
        }
        long seen = entries.addAndGet(counters.chunkCount - before);
        int done = dirsDone.addAndGet(end - start + 1);
        if (done < total) {
          synchronized (progressLock) {
            request.listener().progress(done, total, seen);
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

  /**
   * How many of the next {@code remaining} directories of a batch to sweep under one range lock: as
   * many as hold about {@value #LOCK_SPAN_ENTRIES} chunk files at this thread's average so far (1
   * before the first directory, at least 1, at most {@code remaining}). Fewer lock calls for small
   * directories; a writer never waits for much more than that many entries.
   */
  static int lockSpan(int remaining, long dirsSwept, long entriesSeen) {
    if (dirsSwept == 0) {
      return 1;
    }
    long span = LOCK_SPAN_ENTRIES * dirsSwept / Math.max(1, entriesSeen);
    return (int) Math.max(1, Math.min(remaining, span));
  }
}
