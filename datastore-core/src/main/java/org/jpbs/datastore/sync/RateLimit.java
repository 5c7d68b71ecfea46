package org.jpbs.datastore.sync;

import java.io.InterruptedIOException;

/**
 * A token bucket shared by all workers: {@link #acquire} blocks until {@code n} more bytes fit in
 * {@code bytesPerSecond} (burst: one second's worth). Time comes from an injected nanosecond source
 * and sleeper, so tests need not wait.
 */
final class RateLimit {
  /** A clock in nanoseconds and a way to wait on it. */
  interface Ticker {
    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    Ticker SYSTEM =
        new Ticker() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
          }
        };
  }

  private final long bytesPerSecond;
  private final Ticker ticker;
  private long nextFree; // nanoTime at which the bucket is empty again

  RateLimit(long bytesPerSecond, Ticker ticker) {
    this.bytesPerSecond = bytesPerSecond;
    this.ticker = ticker;
    this.nextFree = ticker.nanoTime() - 1_000_000_000L; // starts full
  }

  /** True if there is no limit. */
  boolean unlimited() {
    return bytesPerSecond <= 0;
  }

  void acquire(long n) throws InterruptedIOException {
    if (unlimited()) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = ticker.nanoTime();
      long start = Math.max(nextFree, now - 1_000_000_000L); // at most one second of burst
      nextFree = start + (long) (n * 1e9 / bytesPerSecond);
      wait = nextFree - now;
    }
    if (wait > 0) {
      try {
        ticker.sleepNanos(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("sync cancelled while rate limited");
      }
    }
  }
}
