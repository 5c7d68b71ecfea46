package org.jpbs.s3;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * The S3 operations a datastore needs, on one bucket, over the AWS SDK v2 with the JDK's
 * URLConnection HTTP client. The SDK's own retries are off: every call goes through {@link
 * S3CallRunner} (bounded backoff with jitter, PBS-style counting, one-line errors naming the key).
 * Checksums are computed only when an operation requires them, which Ceph RGW 16 needs (shared
 * STACK.md §6). Thread-safe.
 */
public final class S3StoreClient implements AutoCloseable {
  /** Keys per ListObjectsV2 page and per DeleteObjects request (the S3 maximum). */
  public static final int PAGE_KEYS = 1000;

  public static final String CONTENT_TYPE = "application/octet-stream";

  /**
   * Transport settings.
   *
   * @param retry retry policy
   * @param sleeper how to wait between attempts
   * @param random jitter source
   * @param connectTimeout TCP connect timeout (PBS: 10 s)
   * @param socketTimeout read timeout per socket read
   */
  public record Options(
      RetryPolicy retry,
      RetryPolicy.Sleeper sleeper,
      RandomGenerator random,
      Duration connectTimeout,
      Duration socketTimeout) {
    public static Options defaults() {
      return new Options(
          RetryPolicy.DEFAULT,
          RetryPolicy.Sleeper.REAL,
          RandomGenerator.getDefault(),
          Duration.ofSeconds(10),
          Duration.ofSeconds(120));
    }
  }

  /**
   * One ListObjectsV2 page.
   *
   * @param objects the page's objects, in key order
   * @param nextToken the continuation token, null on the last page
   * @param serverDate the response's {@code Date} header (the store's clock, whole seconds), or
   *     null if it had none
   */
  public record ListPage(List<S3ObjectInfo> objects, String nextToken, Instant serverDate) {}

  private final S3DatastoreConfig config;
  private final S3Client s3;
  private final S3Counters counters;
  private final S3CallRunner runner;

  private S3StoreClient(
      S3DatastoreConfig config,
      Options options,
      S3Counters counters,
      List<ExecutionInterceptor> faults) {
    this.config = config;
    this.counters = counters;
    AttemptRecorder recorder = new AttemptRecorder();
    this.s3 = S3SdkClient.build(config, options, recorder, faults);
    this.runner =
        new S3CallRunner(
            options.retry(),
            options.sleeper(),
            options.random(),
            counters,
            recorder,
            config.bucket());
  }

  public static S3StoreClient open(S3DatastoreConfig config) {
    return open(config, Options.defaults(), new S3Counters());
  }

  public static S3StoreClient open(S3DatastoreConfig config, Options options, S3Counters counters) {
    return new S3StoreClient(config, options, counters, List.of());
  }

  /** With SDK interceptors that inject faults (tests only). */
  static S3StoreClient openWithFaults(
      S3DatastoreConfig config,
      Options options,
      S3Counters counters,
      List<ExecutionInterceptor> faults) {
    return new S3StoreClient(config, options, counters, faults);
  }

  public S3DatastoreConfig config() {
    return config;
  }

  public S3Counters counters() {
    return counters;
  }

  /** HEAD bucket; fails with "bucket does not exist or no permission" as PBS says it. */
  public void checkBucket() {
    String bucket = config.bucket();
    runner.run(
        S3Method.HEAD,
        "HEAD bucket",
        "",
        () -> s3.headBucket(b -> b.bucket(bucket)),
        status -> status == 400 || status == 403 || status == 404,
        e -> {
          throw new S3StoreException(
              "S3 bucket "
                  + bucket
                  + " does not exist or no permission to access it (HTTP "
                  + e.statusCode()
                  + ")",
              e.statusCode(),
              e);
        });
  }

  /** Creates the bucket; one that this account already owns is fine. */
  public void createBucket() {
    String bucket = config.bucket();
    runner.run(
        S3Method.PUT,
        "create bucket",
        "",
        () -> s3.createBucket(b -> b.bucket(bucket)),
        status -> status == 409,
        e -> {
          String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
          if (!"BucketAlreadyOwnedByYou".equals(code)) {
            throw new S3StoreException(
                "S3 bucket " + bucket + " exists and is owned by someone else", 409, e);
          }
          return null;
        });
  }

  /**
   * Uploads unless the key exists: one PUT with {@code If-None-Match: *}; 412 means another writer
   * (or an earlier upload) got there first and the stored object is unchanged. Under the {@code
   * skip-if-none-match-header} quirk it is a plain PUT that always reports {@link
   * S3PutOutcome#CREATED}, as in PBS.
   */
  public S3PutOutcome putIfAbsent(String key, byte[] data) {
    if (config.skipIfNoneMatch()) {
      put(key, data);
      return S3PutOutcome.CREATED;
    }
    return runner.run(
        S3Method.PUT,
        "PUT (if-none-match)",
        key,
        () -> {
          s3.putObject(
              b -> b.bucket(config.bucket()).key(key).contentType(CONTENT_TYPE).ifNoneMatch("*"),
              RequestBody.fromBytes(data));
          return S3PutOutcome.CREATED;
        },
        status -> status == 412,
        e -> S3PutOutcome.ALREADY_PRESENT);
  }

  /** Uploads, replacing any object with this key. */
  public void put(String key, byte[] data) {
    runner.run(
        S3Method.PUT,
        "PUT",
        key,
        () ->
            s3.putObject(
                b -> b.bucket(config.bucket()).key(key).contentType(CONTENT_TYPE),
                RequestBody.fromBytes(data)));
  }

  /** The object's bytes, or empty on 404. */
  public Optional<byte[]> get(String key) {
    Optional<byte[]> body =
        runner.run(
            S3Method.GET,
            "GET",
            key,
            () -> {
              ResponseBytes<GetObjectResponse> r =
                  s3.getObjectAsBytes(b -> b.bucket(config.bucket()).key(key));
              return Optional.of(r.asByteArrayUnsafe());
            },
            status -> status == 404,
            e -> Optional.empty());
    body.ifPresent(b -> counters.countDownload(b.length));
    return body;
  }

  /**
   * At most {@code maxBytes + 1} bytes of the object (one ranged GET), or empty on 404; a result
   * longer than {@code maxBytes} means the object is larger, without downloading all of it. An
   * empty object (416 for the range) yields an empty array.
   */
  public Optional<byte[]> getAtMost(String key, long maxBytes) {
    Optional<byte[]> body =
        runner.run(
            S3Method.GET,
            "GET",
            key,
            () -> {
              ResponseBytes<GetObjectResponse> r =
                  s3.getObjectAsBytes(
                      b -> b.bucket(config.bucket()).key(key).range("bytes=0-" + maxBytes));
              return Optional.of(r.asByteArrayUnsafe());
            },
            status -> status == 404 || status == 416,
            e -> e.statusCode() == 416 ? Optional.of(new byte[0]) : Optional.empty());
    body.ifPresent(b -> counters.countDownload(b.length));
    return body;
  }

  /** The object's size and ETag, or empty on 404. */
  public Optional<S3ObjectInfo> head(String key) {
    return runner.run(
        S3Method.HEAD,
        "HEAD",
        key,
        () -> {
          HeadObjectResponse r = s3.headObject(b -> b.bucket(config.bucket()).key(key));
          return Optional.of(new S3ObjectInfo(key, r.contentLength(), r.lastModified(), r.eTag()));
        },
        status -> status == 404,
        e -> Optional.empty());
  }

  /** One ListObjectsV2 page of at most {@code maxKeys} (≤ 1000) keys under {@code prefix}. */
  public ListPage listPage(String prefix, String continuationToken, int maxKeys) {
    return listPage(prefix, null, continuationToken, maxKeys);
  }

  /**
   * One ListObjectsV2 page of at most {@code maxKeys} keys under {@code prefix} that sort after
   * {@code startAfter} (null: from the first; ignored by S3 once a continuation token is given).
   */
  public ListPage listPage(
      String prefix, String startAfter, String continuationToken, int maxKeys) {
    if (maxKeys < 1 || maxKeys > PAGE_KEYS) {
      throw new IllegalArgumentException("maxKeys must be 1.." + PAGE_KEYS + ", got " + maxKeys);
    }
    ListObjectsV2Response r =
        runner.run(
            S3Method.GET,
            S3CallRunner.LIST,
            prefix,
            () ->
                s3.listObjectsV2(
                    b ->
                        b.bucket(config.bucket())
                            .prefix(prefix)
                            .maxKeys(maxKeys)
                            .startAfter(continuationToken == null ? startAfter : null)
                            .continuationToken(continuationToken)));
    List<S3ObjectInfo> objects = new ArrayList<>(r.contents().size());
    r.contents()
        .forEach(o -> objects.add(new S3ObjectInfo(o.key(), o.size(), o.lastModified(), o.eTag())));
    String next = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
    Instant date =
        r.sdkHttpResponse()
            .firstMatchingHeader("Date")
            .map(d -> ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
            .orElse(null);
    return new ListPage(objects, next, date);
  }

  /** Every object under {@code prefix}, page by page (1,000 keys a page), in key order. */
  public long list(String prefix, Consumer<S3ObjectInfo> each) {
    long n = 0;
    String token = null;
    do {
      ListPage page = listPage(prefix, token, PAGE_KEYS);
      for (S3ObjectInfo o : page.objects()) {
        each.accept(o);
        n++;
      }
      token = page.nextToken();
    } while (token != null);
    return n;
  }

  /** DELETE one object (absent objects count as deleted, as S3 answers 204 either way). */
  public void delete(String key) {
    runner.run(
        S3Method.DELETE,
        "DELETE",
        key,
        () -> s3.deleteObject(b -> b.bucket(config.bucket()).key(key)));
  }

  /**
   * Deletes keys in DeleteObjects batches of at most 1,000 (or one DELETE per key under the {@code
   * delete-objects-via-delete-object} quirk). Per-key failures are collected, not thrown; a request
   * that fails as a whole throws.
   */
  public S3DeleteResult deleteAll(List<String> keys) {
    List<String> deleted = new ArrayList<>(keys.size());
    Map<String, String> failed = new LinkedHashMap<>();
    if (config.deleteViaDeleteObject()) {
      for (String key : keys) {
        try {
          delete(key);
          deleted.add(key);
        } catch (S3StoreException e) {
          failed.put(key, e.getMessage());
        }
      }
      return new S3DeleteResult(deleted, failed);
    }
    for (int from = 0; from < keys.size(); from += PAGE_KEYS) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + PAGE_KEYS));
      List<ObjectIdentifier> ids = new ArrayList<>(batch.size());
      batch.forEach(k -> ids.add(ObjectIdentifier.builder().key(k).build()));
      Delete delete = Delete.builder().objects(ids).quiet(false).build();
      DeleteObjectsResponse r =
          runner.run(
              S3Method.POST,
              "DeleteObjects (" + batch.size() + " keys from)",
              batch.get(0),
              () -> s3.deleteObjects(b -> b.bucket(config.bucket()).delete(delete)));
      r.deleted().forEach(d -> deleted.add(d.key()));
      r.errors().forEach(e -> failed.put(e.key(), e.code() + ": " + e.message()));
    }
    return new S3DeleteResult(deleted, failed);
  }

  /**
   * Deletes every object under {@code prefix}, which must end with {@code /} so that a group {@code
   * vm/1/} never reaches into {@code vm/10/} (PBS's §4.3 hazard).
   */
  public S3DeleteResult deletePrefix(String prefix) {
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "refusing prefix delete of '" + prefix + "': a prefix must end with '/'");
    }
    List<String> keys = new ArrayList<>();
    list(prefix, o -> keys.add(o.key()));
    return deleteAll(keys);
  }

  /**
   * Server-side copy within the bucket (verify's {@code .bad} copy, move), metadata replaced as PBS
   * does; 404 → "object not found".
   */
  public void copy(String sourceKey, String targetKey) {
    runner.run(
        S3Method.PUT,
        "COPY to " + targetKey + " from",
        sourceKey,
        () ->
            s3.copyObject(
                CopyObjectRequest.builder()
                    .sourceBucket(config.bucket())
                    .sourceKey(sourceKey)
                    .destinationBucket(config.bucket())
                    .destinationKey(targetKey)
                    .metadataDirective(MetadataDirective.REPLACE)
                    .contentType(CONTENT_TYPE)
                    .build()));
  }

  /** The underlying SDK client, for test setup (bucket policies) only. */
  S3Client sdk() {
    return s3;
  }

  @Override
  public void close() {
    s3.close();
  }
}
