package org.jpbs.s3;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request and traffic counters counted as PBS 4.1.7 does (spec §6.3): once per client call, on its
 * final attempt, and only if an HTTP response arrived: the method's counter +1 and {@code uploaded}
 * += the request body length. {@code downloaded} counts GetObject bodies only (list, HEAD and error
 * bodies are not counted). Thread-safe.
 *
 * <p>jpbs also counts ListObjectsV2 requests apart ({@link #listRequests()}, PBS has no such
 * counter): they are included in {@code get} as in PBS, and counted in the same way.
 */
public final class S3Counters {
  private final Map<S3Method, AtomicLong> requests = new EnumMap<>(S3Method.class);
  private final AtomicLong uploaded = new AtomicLong();
  private final AtomicLong downloaded = new AtomicLong();
  private final AtomicLong list = new AtomicLong();

  public S3Counters() {
    for (S3Method m : S3Method.values()) {
      requests.put(m, new AtomicLong());
    }
  }

  /** One counted request: a response arrived for the final attempt of a call. */
  public void countRequest(S3Method method, long requestBodyBytes) {
    requests.get(method).incrementAndGet();
    if (requestBodyBytes > 0) {
      uploaded.addAndGet(requestBodyBytes);
    }
  }

  /** A counted GET request was a ListObjectsV2 (called besides {@link #countRequest}). */
  public void countList() {
    list.incrementAndGet();
  }

  /** ListObjectsV2 requests so far, a part of {@link S3Statistics#get()}. */
  public long listRequests() {
    return list.get();
  }

  public void countDownload(long bytes) {
    downloaded.addAndGet(bytes);
  }

  public S3Statistics snapshot() {
    return new S3Statistics(
        requests.get(S3Method.GET).get(),
        requests.get(S3Method.PUT).get(),
        requests.get(S3Method.HEAD).get(),
        requests.get(S3Method.POST).get(),
        requests.get(S3Method.DELETE).get(),
        uploaded.get(),
        downloaded.get());
  }

  /** Sets every counter to zero and returns the values before (PBS's reset-counters). */
  public synchronized S3Statistics reset() {
    S3Statistics before =
        new S3Statistics(
            requests.get(S3Method.GET).getAndSet(0),
            requests.get(S3Method.PUT).getAndSet(0),
            requests.get(S3Method.HEAD).getAndSet(0),
            requests.get(S3Method.POST).getAndSet(0),
            requests.get(S3Method.DELETE).getAndSet(0),
            uploaded.getAndSet(0),
            downloaded.getAndSet(0));
    list.set(0);
    return before;
  }
}
