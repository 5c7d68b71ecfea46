package org.jpbs.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Retries against the real RGW with faults injected by an SDK interceptor: a real request whose
 * answer is replaced by a 503, and a connection reset before the request leaves.
 */
class S3FaultIT {
  private static final String HEX =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private final AtomicInteger fail503 = new AtomicInteger();
  private final AtomicInteger failReset = new AtomicInteger();
  private final List<Duration> slept = new ArrayList<>();
  private S3StoreClient client;
  private S3ObjectKeys keys;

  /** Turns the next {@code fail503} real responses into 503 SlowDown, resets the next ones. */
  private final ExecutionInterceptor faults =
      new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
          if (failReset.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw SdkClientException.create(
                "injected", new SocketException("Connection reset (injected)"));
          }
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(
            Context.ModifyHttpResponse c, ExecutionAttributes a) {
          if (fail503.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return c.httpResponse().toBuilder().statusCode(503).statusText("Slow Down").build();
          }
          return c.httpResponse();
        }
      };

  @BeforeEach
  void open() {
    S3DatastoreConfig config = RgwEndpoint.freshBucket("faults");
    S3StoreClient.Options options =
        new S3StoreClient.Options(
            new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100)),
            slept::add,
            new Random(3),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    client = S3StoreClient.openWithFaults(config, options, new S3Counters(), List.of(faults));
    keys = config.keys();
    client.createBucket();
    client.counters().reset();
  }

  @AfterEach
  void close() {
    if (client == null) {
      return;
    }
    fail503.set(0);
    failReset.set(0);
    List<String> all = new ArrayList<>();
    client.list("", o -> all.add(o.key()));
    assertThat(client.deleteAll(all).failed()).isEmpty();
    client.sdk().deleteBucket(b -> b.bucket(client.config().bucket()));
    client.close();
  }

  @Test
  void a503AfterTheWriteLandedMakesTheRetryAnswerAlreadyPresent() {
    byte[] body = "chunk".getBytes(UTF_8);
    fail503.set(1);
    assertThat(client.putIfAbsent(keys.chunk(HEX), body)).isEqualTo(S3PutOutcome.ALREADY_PRESENT);
    assertThat(slept).hasSize(1);
    assertThat(client.get(keys.chunk(HEX))).hasValue(body);
    S3Statistics s = client.counters().snapshot();
    assertThat(s.put()).isEqualTo(1);
    assertThat(s.uploaded()).isEqualTo(body.length);
  }

  @Test
  void resetsAreRetriedAndNotCounted() {
    failReset.set(2);
    client.put(keys.content("", "x"), new byte[] {1, 2});
    assertThat(slept).hasSize(2);
    assertThat(client.counters().snapshot()).isEqualTo(new S3Statistics(0, 1, 0, 0, 0, 2, 0));
    assertThat(client.head(keys.content("", "x")).orElseThrow().size()).isEqualTo(2);
  }

  @Test
  void persistentFaultsFailAfterThreeAttemptsNamingTheKey() {
    fail503.set(100);
    String key = keys.groupOwner("", "vm", "1");
    assertThatThrownBy(() -> client.get(key))
        .isInstanceOf(S3StoreException.class)
        .hasMessageStartingWith(
            "S3 GET " + client.config().bucket() + "/" + key + " failed: HTTP 503")
        .hasMessageEndingWith("(after 3 attempts)");
    assertThat(slept).hasSize(2);
    assertThat(client.counters().snapshot()).isEqualTo(new S3Statistics(1, 0, 0, 0, 0, 0, 0));
  }
}
