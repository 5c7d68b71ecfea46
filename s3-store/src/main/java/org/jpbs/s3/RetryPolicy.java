package org.jpbs.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Bounded retries with exponential backoff and jitter. Retried: HTTP 500/502/503/504, 429, {@code
 * SlowDown}/{@code RequestTimeout}/{@code InternalError}, attempt timeouts and I/O failures
 * (timeouts, refused or reset connections, truncated responses). Not retried: any other 4xx, which
 * will not change by asking again.
 *
 * <p>The delay before retry {@code n} (1-based) is drawn uniformly from {@code [d/2, d]} with
 * {@code d = min(maxDelay, baseDelay * 3^(n-1))}: PBS's 1 s·3ⁿ with "equal jitter", so clients that
 * failed together do not retry together.
 *
 * @param maxAttempts attempts per call, including the first (PBS: 3)
 * @param baseDelay delay scale before the first retry
 * @param maxDelay cap of one delay
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
    }
  }

  /** Waits between attempts; tests inject one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
  }

  /** The delay before retry number {@code retry} (1 = the second attempt). */
  public Duration delayBefore(int retry, RandomGenerator random) {
    double scale = Math.pow(3, Math.max(0, retry - 1));
    long capMs = maxDelay.toMillis();
    long d = (long) Math.min(capMs, baseDelay.toMillis() * scale);
    long half = d / 2;
    return Duration.ofMillis(half + (d - half == 0 ? 0 : random.nextLong(d - half + 1)));
  }

  /** Whether a failed attempt may succeed when repeated. */
  public static boolean retryable(Throwable t) {
    if (t instanceof S3Exception s3) {
      int status = s3.statusCode();
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      return status == 500
          || status == 502
          || status == 503
          || status == 504
          || status == 429
          || "SlowDown".equals(code)
          || "RequestTimeout".equals(code)
          || "InternalError".equals(code);
    }
    if (t instanceof ApiCallAttemptTimeoutException) {
      return true;
    }
    if (t instanceof SdkClientException || t instanceof UncheckedIOException) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof IOException) {
          return true;
        }
      }
      return t.getMessage() != null && t.getMessage().contains("Unable to execute HTTP request");
    }
    return false;
  }
}
