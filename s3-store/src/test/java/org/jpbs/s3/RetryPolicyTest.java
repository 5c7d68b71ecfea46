package org.jpbs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(3, Duration.ofMillis(1000), Duration.ofMillis(5000));
  private final List<Duration> slept = new ArrayList<>();
  private final S3Counters counters = new S3Counters();
  private final S3CallRunner runner =
      new S3CallRunner(
          policy, slept::add, new Random(42), counters, new AttemptRecorder(), "bucket");

  private static S3Exception http(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .build();
  }

  @Test
  void delaysGrowByThreeWithJitterAndCap() {
    Random r = new Random(1);
    for (int i = 0; i < 200; i++) {
      assertThat(policy.delayBefore(1, r).toMillis()).isBetween(500L, 1000L);
      assertThat(policy.delayBefore(2, r).toMillis()).isBetween(1500L, 3000L);
      assertThat(policy.delayBefore(3, r).toMillis()).isBetween(2500L, 5000L);
      assertThat(policy.delayBefore(30, r).toMillis()).isBetween(2500L, 5000L);
    }
    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .mapToLong(i -> policy.delayBefore(1, r).toMillis())
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(10);
  }

  @Test
  void classifiesRetryableFailures() {
    assertThat(RetryPolicy.retryable(http(500, "InternalError"))).isTrue();
    assertThat(RetryPolicy.retryable(http(503, "SlowDown"))).isTrue();
    assertThat(RetryPolicy.retryable(http(504, null))).isTrue();
    assertThat(RetryPolicy.retryable(http(400, "RequestTimeout"))).isTrue();
    assertThat(RetryPolicy.retryable(http(403, "AccessDenied"))).isFalse();
    assertThat(RetryPolicy.retryable(http(404, "NoSuchKey"))).isFalse();
    assertThat(RetryPolicy.retryable(http(412, "PreconditionFailed"))).isFalse();
    assertThat(
            RetryPolicy.retryable(
                SdkClientException.create("x", new SocketException("Connection reset"))))
        .isTrue();
    assertThat(RetryPolicy.retryable(SdkClientException.create("bad config"))).isFalse();
    assertThat(RetryPolicy.retryable(new IllegalStateException())).isFalse();
  }

  @Test
  void retriesThenSucceedsCountingOnce() {
    AtomicInteger calls = new AtomicInteger();
    String r =
        runner.run(
            S3Method.PUT,
            "PUT",
            "s/k",
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw http(503, "SlowDown");
              }
              return "ok";
            });
    assertThat(r).isEqualTo("ok");
    assertThat(calls).hasValue(3);
    assertThat(slept).hasSize(2);
    assertThat(counters.snapshot().put()).isEqualTo(1);
    assertThat(counters.snapshot().requests()).isEqualTo(1);
  }

  @Test
  void boundedAttemptsAndOneLineErrorNamingTheKey() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                runner.run(
                    S3Method.GET,
                    "GET",
                    "store/.chunks/abcd/abcd",
                    () -> {
                      calls.incrementAndGet();
                      throw http(500, "InternalError");
                    }))
        .isInstanceOf(S3StoreException.class)
        .hasMessage(
            "S3 GET bucket/store/.chunks/abcd/abcd failed: HTTP 500 InternalError"
                + " (after 3 attempts)");
    assertThat(calls).hasValue(3);
    assertThat(counters.snapshot().get()).isEqualTo(1);
  }

  @Test
  void clientErrorsAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                runner.run(
                    S3Method.HEAD,
                    "HEAD",
                    "k",
                    () -> {
                      calls.incrementAndGet();
                      throw http(403, "AccessDenied");
                    }))
        .hasMessage("S3 HEAD bucket/k failed: HTTP 403 AccessDenied");
    assertThat(calls).hasValue(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void transportFailureWithoutResponseIsNotCounted() {
    assertThatThrownBy(
            () ->
                runner.run(
                    S3Method.PUT,
                    "PUT",
                    "k",
                    () -> {
                      throw SdkClientException.create(
                          "Unable to execute HTTP request",
                          new IOException("Connection refused\nsecond line"));
                    }))
        .isInstanceOf(S3StoreException.class)
        .hasMessage(
            "S3 PUT bucket/k failed: IOException: Connection refused second line"
                + " (after 3 attempts)")
        .satisfies(e -> assertThat(((S3StoreException) e).httpStatus()).isEqualTo(-1));
    assertThat(counters.snapshot().requests()).isZero();
  }

  @Test
  void answerStatusesAreResultsNotFailures() {
    String r =
        runner.run(
            S3Method.PUT,
            "PUT",
            "k",
            () -> {
              throw http(412, "PreconditionFailed");
            },
            s -> s == 412,
            e -> "dup");
    assertThat(r).isEqualTo("dup");
    assertThat(slept).isEmpty();
    assertThat(counters.snapshot().put()).isEqualTo(1);
  }

  @Test
  void countersResetReturnsOldValues() {
    counters.countRequest(S3Method.POST, 100);
    counters.countDownload(7);
    assertThat(counters.reset()).isEqualTo(new S3Statistics(0, 0, 0, 1, 0, 100, 7));
    assertThat(counters.snapshot()).isEqualTo(new S3Statistics(0, 0, 0, 0, 0, 0, 0));
  }
}
