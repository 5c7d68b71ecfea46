package org.jpbs.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real Ceph RGW (scripts/ceph-rgw): results and counters exact. */
class S3StoreClientIT {
  private static final String HEX =
      "bb9f8df61474d25e71fa00722318cd387396ca1736605e1248821cc0de3d3af8";

  private S3StoreClient client;
  private S3ObjectKeys keys;

  @BeforeEach
  void createBucket() {
    S3DatastoreConfig config = RgwEndpoint.freshBucket("store1");
    client = S3StoreClient.open(config);
    keys = config.keys();
    client.createBucket();
    client.checkBucket();
  }

  @AfterEach
  void removeBucket() {
    if (client == null) {
      return;
    }
    List<String> all = new ArrayList<>();
    client.list("", o -> all.add(o.key()));
    S3DeleteResult r = client.deleteAll(all);
    assertThat(r.failed()).isEmpty();
    client.sdk().deleteBucket(b -> b.bucket(client.config().bucket()));
    client.close();
  }

  private S3Statistics counted(Runnable r) {
    S3Statistics before = client.counters().snapshot();
    r.run();
    return client.counters().snapshot().minus(before);
  }

  @Test
  void putIfAbsentTwiceKeepsTheFirstContent() {
    String key = keys.chunk(HEX);
    byte[] first = "first chunk body".getBytes(UTF_8);
    byte[] second = "second, longer chunk body".getBytes(UTF_8);
    S3Statistics c =
        counted(
            () -> {
              assertThat(client.putIfAbsent(key, first)).isEqualTo(S3PutOutcome.CREATED);
              assertThat(client.putIfAbsent(key, second)).isEqualTo(S3PutOutcome.ALREADY_PRESENT);
            });
    assertThat(c).isEqualTo(new S3Statistics(0, 2, 0, 0, 0, first.length + second.length, 0));
    c = counted(() -> assertThat(client.get(key)).hasValue(first));
    assertThat(c).isEqualTo(new S3Statistics(1, 0, 0, 0, 0, 0, first.length));
    c = counted(() -> assertThat(client.head(key).orElseThrow().size()).isEqualTo(first.length));
    assertThat(c).isEqualTo(new S3Statistics(0, 0, 1, 0, 0, 0, 0));
  }

  @Test
  void withoutConditionalPutTheQuirkOverwrites() {
    S3StoreClient quirky = S3StoreClient.open(client.config().withQuirks(true, false));
    try {
      String key = keys.chunk(HEX);
      assertThat(quirky.putIfAbsent(key, new byte[] {1})).isEqualTo(S3PutOutcome.CREATED);
      assertThat(quirky.putIfAbsent(key, new byte[] {2})).isEqualTo(S3PutOutcome.CREATED);
      assertThat(client.get(key)).hasValue(new byte[] {2});
    } finally {
      quirky.close();
    }
  }

  @Test
  void missingObjectsAreAnswersNotErrors() {
    S3Statistics c =
        counted(
            () -> {
              assertThat(client.get(keys.inUseMarker())).isEmpty();
              assertThat(client.head(keys.inUseMarker())).isEmpty();
            });
    assertThat(c).isEqualTo(new S3Statistics(1, 0, 1, 0, 0, 0, 0));
  }

  @Test
  void listPagesAcrossAThousandKeysAndBatchDeleteRemovesAll() throws Exception {
    int n = 1050;
    List<String> written = putChunks(n);
    List<String> listed = new ArrayList<>();
    S3Statistics c = counted(() -> client.list(keys.chunksPrefix(), o -> listed.add(o.key())));
    assertThat(listed).containsExactlyElementsOf(written.stream().sorted().toList());
    assertThat(c).isEqualTo(new S3Statistics(2, 0, 0, 0, 0, 0, 0));

    S3StoreClient.ListPage first = client.listPage(keys.chunksPrefix(), null, 1000);
    assertThat(first.objects()).hasSize(1000);
    assertThat(first.nextToken()).isNotNull();
    S3StoreClient.ListPage second = client.listPage(keys.chunksPrefix(), first.nextToken(), 1000);
    assertThat(second.objects()).hasSize(50);
    assertThat(second.nextToken()).isNull();

    S3DeleteResult[] result = new S3DeleteResult[1];
    c = counted(() -> result[0] = client.deleteAll(written));
    assertThat(result[0].complete()).isTrue();
    assertThat(result[0].deleted()).containsExactlyInAnyOrderElementsOf(written);
    assertThat(c.post()).isEqualTo(2);
    assertThat(c.requests()).isEqualTo(2);
    assertThat(c.uploaded()).isPositive();
    assertThat(client.list(keys.chunksPrefix(), o -> {})).isZero();
  }

  @Test
  void deleteViaDeleteObjectQuirkDeletesKeyByKey() {
    S3StoreClient quirky = S3StoreClient.open(client.config().withQuirks(false, true));
    try {
      List<String> three =
          List.of(keys.content("", "a"), keys.content("", "b"), keys.content("", "c"));
      three.forEach(k -> client.put(k, new byte[] {7}));
      S3Statistics before = quirky.counters().snapshot();
      S3DeleteResult r = quirky.deleteAll(three);
      assertThat(r.deleted()).containsExactlyElementsOf(three);
      assertThat(quirky.counters().snapshot().minus(before))
          .isEqualTo(new S3Statistics(0, 0, 0, 0, 3, 0, 0));
      assertThat(client.list(keys.contentPrefix(), o -> {})).isZero();
    } finally {
      quirky.close();
    }
  }

  @Test
  void batchDeleteReportsPerKeyFailures() {
    String kept = keys.content("", "kept");
    String gone = keys.content("", "gone");
    client.put(kept, new byte[] {1});
    client.put(gone, new byte[] {2});
    String bucket = client.config().bucket();
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
            + "\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::"
            + bucket
            + "/"
            + kept
            + "\"}]}";
    client.sdk().putBucketPolicy(b -> b.bucket(bucket).policy(policy));
    try {
      S3DeleteResult r = client.deleteAll(List.of(kept, gone));
      assertThat(r.deleted()).containsExactly(gone);
      assertThat(r.failed()).containsOnlyKeys(kept);
      assertThat(r.failed().get(kept)).contains("AccessDenied");
      assertThat(client.head(kept)).isPresent();
    } finally {
      client.sdk().deleteBucketPolicy(b -> b.bucket(bucket));
    }
  }

  @Test
  void groupAndNamespacePrefixDeletesDoNotCrossSiblings() {
    String t = "2026-12-03T04:05:06Z";
    List<String> vm1 =
        List.of(
            keys.groupOwner("", "vm", "1"),
            keys.snapshotFile("", "vm", "1", t, "index.json.blob"),
            keys.snapshotFile("", "vm", "1", t, "drive-scsi0.img.fidx"));
    List<String> siblings =
        List.of(
            keys.groupOwner("", "vm", "10"),
            keys.snapshotFile("", "vm", "10", t, "index.json.blob"),
            keys.groupOwner("", "vm", "100"),
            keys.groupOwner("", "vm", "1x"),
            keys.namespaceMarker("ab"),
            keys.groupOwner("ab", "vm", "1"));
    List<String> nsA = List.of(keys.namespaceMarker("a"), keys.groupOwner("a", "vm", "1"));
    for (List<String> l : List.of(vm1, siblings, nsA)) {
      l.forEach(k -> client.put(k, k.getBytes(UTF_8)));
    }
    S3DeleteResult r = client.deletePrefix(keys.groupPrefix("", "vm", "1"));
    assertThat(r.deleted()).containsExactlyInAnyOrderElementsOf(vm1);
    r = client.deletePrefix(keys.namespacePrefix("a"));
    assertThat(r.deleted()).containsExactlyInAnyOrderElementsOf(nsA);

    List<String> left = new ArrayList<>();
    client.list(keys.contentPrefix(), o -> left.add(o.key()));
    assertThat(left).containsExactlyInAnyOrderElementsOf(siblings);
    assertThatThrownBy(() -> client.deletePrefix("store1/.cnt/vm/1"))
        .hasMessageContaining("must end with '/'");
  }

  @Test
  void copyAndDeleteAreCounted() {
    String good = keys.chunk(HEX);
    client.put(good, new byte[] {1, 2, 3});
    S3Statistics c =
        counted(
            () -> {
              client.copy(good, keys.badChunk(HEX, 0));
              client.delete(good);
            });
    assertThat(c).isEqualTo(new S3Statistics(0, 1, 0, 0, 1, 0, 0));
    assertThat(client.get(keys.badChunk(HEX, 0))).hasValue(new byte[] {1, 2, 3});
    assertThat(client.head(good)).isEmpty();
    assertThatThrownBy(() -> client.copy(good, keys.badChunk(HEX, 1)))
        .isInstanceOf(S3StoreException.class)
        .hasMessageContaining(good)
        .hasMessageContaining("404");
  }

  @Test
  void wrongCredentialGivesOneLineNamingTheKey() {
    S3DatastoreConfig c = client.config();
    S3DatastoreConfig wrong =
        new S3DatastoreConfig(
            c.endpoint(),
            c.bucket(),
            c.storeName(),
            c.region(),
            true,
            false,
            false,
            new S3Credentials(c.credentials().accessKey(), "not-the-secret"));
    try (S3StoreClient bad = S3StoreClient.open(wrong)) {
      String key = keys.chunk(HEX);
      assertThatThrownBy(() -> bad.putIfAbsent(key, new byte[] {1}))
          .isInstanceOf(S3StoreException.class)
          .hasMessageStartingWith(
              "S3 PUT (if-none-match) " + c.bucket() + "/" + key + " failed: HTTP 403")
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("not-the-secret");
      assertThat(bad.counters().snapshot().put()).isEqualTo(1);
    }
  }

  @Test
  void unreachableEndpointIsRetriedBoundedThenOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    S3DatastoreConfig c = client.config();
    S3DatastoreConfig dead =
        S3DatastoreConfig.pathStyle(
            URI.create("http://127.0.0.1:" + port),
            c.bucket(),
            "store1",
            c.region(),
            c.credentials());
    List<Duration> slept = new ArrayList<>();
    S3StoreClient.Options fast =
        new S3StoreClient.Options(
            new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)),
            slept::add,
            new Random(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2));
    try (S3StoreClient bad = S3StoreClient.open(dead, fast, new S3Counters())) {
      assertThatThrownBy(() -> bad.get(keys.inUseMarker()))
          .isInstanceOf(S3StoreException.class)
          .hasMessageStartingWith("S3 GET " + c.bucket() + "/store1/.in-use failed: ")
          .hasMessageEndingWith("(after 3 attempts)")
          .hasMessageNotContaining("\n");
      assertThat(slept).hasSize(2);
      assertThat(bad.counters().snapshot().requests()).isZero();
    }
  }

  private List<String> putChunks(int n) throws Exception {
    List<String> written = new ArrayList<>();
    Random r = new Random(7);
    for (int i = 0; i < n; i++) {
      StringBuilder hex = new StringBuilder();
      for (int j = 0; j < 4; j++) {
        hex.append(String.format("%016x", r.nextLong()));
      }
      written.add(keys.chunk(hex.toString()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<S3PutOutcome>> results = new ArrayList<>();
      for (String k : written) {
        results.add(pool.submit(() -> client.putIfAbsent(k, k.getBytes(UTF_8))));
      }
      for (Future<S3PutOutcome> f : results) {
        assertThat(f.get()).isEqualTo(S3PutOutcome.CREATED);
      }
    } finally {
      pool.shutdown();
    }
    return written;
  }
}
