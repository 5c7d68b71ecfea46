package org.jpbs.gc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads ({@code jpbs-gc-mark-N}) that mark partitions in parallel: {@link #runAll}
 * runs one task per partition and rethrows the first failure as it was thrown.
 */
final class MarkThreads implements AutoCloseable {
  /** One partition's work. */
  @FunctionalInterface
  interface Part {
    void run(int part) throws IOException;
  }

  private final ExecutorService pool;
  private final int threads;

  MarkThreads(int threads) {
    this.threads = threads;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread th = new Thread(r, "jpbs-gc-mark-" + n.getAndIncrement());
              th.setDaemon(true);
              return th;
            });
  }

  /**
   * Runs {@code part.run(0)} … {@code part.run(threads - 1)} concurrently and waits for all; an
   * interrupt cancels them. The first failure is rethrown unchanged (an IOException, a runtime
   * exception or an error); anything else is wrapped in an IOException saying {@code what} failed.
   */
  void runAll(Part part, String what) throws IOException, InterruptedException {
    List<Future<Void>> parts = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int p = t;
      parts.add(
          pool.submit(
              () -> {
                part.run(p);
                return null;
              }));
    }
    Throwable failure = null;
    for (Future<Void> f : parts) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
      } catch (InterruptedException e) {
        for (Future<Void> g : parts) {
          g.cancel(true);
        }
        throw e;
      }
    }
    if (failure instanceof IOException io) {
      throw io;
    } else if (failure instanceof RuntimeException re) {
      throw re;
    } else if (failure instanceof Error err) {
      throw err;
    } else if (failure != null) {
      throw new IOException(what + " failed", failure);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
