package org.jpbs.datastore.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InterruptedIOException;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  /** A clock that only moves when the limiter sleeps. */
  private static final class FakeTicker implements RateLimit.Ticker {
    long now = 5_000_000_000L;
    long slept;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      now += nanos;
      slept += nanos;
    }
  }

  @Test
  void averageRateIsTheLimitAfterAOneSecondBurst() throws InterruptedIOException {
    FakeTicker t = new FakeTicker();
    RateLimit r = new RateLimit(1_000_000, t);
    r.acquire(1_000_000); // the burst: one second's worth passes at once
    assertThat(t.slept).isZero();
    for (int i = 0; i < 10; i++) {
      r.acquire(500_000);
    }
    assertThat(t.slept).isEqualTo(5_000_000_000L); // 5 MB more at 1 MB/s
  }

  @Test
  void zeroMeansUnlimited() throws InterruptedIOException {
    FakeTicker t = new FakeTicker();
    RateLimit r = new RateLimit(0, t);
    r.acquire(Long.MAX_VALUE / 2);
    assertThat(r.unlimited()).isTrue();
    assertThat(t.slept).isZero();
  }
}
