package org.jpbs.s3;

import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Runs one client call: attempts it up to {@link RetryPolicy#maxAttempts()} times with backoff,
 * counts it once (final attempt, only if a response arrived, §6.3), and turns a final failure into
 * one {@link S3StoreException} line naming the operation and the key.
 */
final class S3CallRunner {
  /** The operation name of a ListObjectsV2 call, also counted by {@link S3Counters#countList}. */
  static final String LIST = "LIST";

  private final RetryPolicy policy;
  private final RetryPolicy.Sleeper sleeper;
  private final RandomGenerator random;
  private final S3Counters counters;
  private final AttemptRecorder recorder;
  private final String bucket;

  S3CallRunner(
      RetryPolicy policy,
      RetryPolicy.Sleeper sleeper,
      RandomGenerator random,
      S3Counters counters,
      AttemptRecorder recorder,
      String bucket) {
    this.policy = policy;
    this.sleeper = sleeper;
    this.random = random;
    this.counters = counters;
    this.recorder = recorder;
    this.bucket = bucket;
  }

  /** A call whose only results are success or failure. */
  <T> T run(S3Method method, String what, String key, Supplier<T> op) {
    return run(method, what, key, op, status -> false, e -> null);
  }

  /**
   * A call where some HTTP error statuses are answers, not failures (404 on GET/HEAD, 412 on a
   * no-replace PUT): for those, {@code answer} maps the exception to the result.
   */
  <T> T run(
      S3Method method,
      String what,
      String key,
      Supplier<T> op,
      IntPredicate answerStatus,
      Function<S3Exception, T> answer) {
    for (int attempt = 1; ; attempt++) {
      AttemptRecorder.Attempt rec = recorder.begin();
      try {
        T result = op.get();
        count(method, what, rec);
        return result;
      } catch (S3Exception e) {
        if (answerStatus.test(e.statusCode())) {
          count(method, what, rec);
          return answer.apply(e);
        }
        if (!retryAgain(e, attempt)) {
          count(method, what, rec);
          throw failure(what, key, e, attempt);
        }
      } catch (SdkException | java.io.UncheckedIOException e) {
        if (!retryAgain(e, attempt)) {
          if (rec.responded) {
            count(method, what, rec);
          }
          throw failure(what, key, e, attempt);
        }
      }
    }
  }

  private void count(S3Method method, String what, AttemptRecorder.Attempt rec) {
    counters.countRequest(method, rec.requestBodyBytes);
    if (LIST.equals(what)) {
      counters.countList();
    }
  }

  private boolean retryAgain(Exception e, int attempt) {
    if (attempt >= policy.maxAttempts() || !RetryPolicy.retryable(e)) {
      return false;
    }
    try {
      sleeper.sleep(policy.delayBefore(attempt, random));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  private S3StoreException failure(String what, String key, Exception e, int attempts) {
    int status = e instanceof S3Exception s3 ? s3.statusCode() : -1;
    String reason;
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      reason = "HTTP " + status + (code == null ? "" : " " + code);
    } else {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String msg = root.getMessage();
      reason = root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
    String tries = attempts > 1 ? " (after " + attempts + " attempts)" : "";
    return new S3StoreException(
        "S3 " + what + " " + bucket + "/" + key + " failed: " + reason + tries, status, e);
  }
}
