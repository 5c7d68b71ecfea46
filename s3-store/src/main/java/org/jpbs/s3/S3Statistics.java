package org.jpbs.s3;

/**
 * A snapshot of the request counters, PBS's {@code S3Statistics}: requests per method, bytes of
 * request bodies sent ({@code uploaded}) and bytes of GetObject bodies received ({@code
 * downloaded}).
 */
public record S3Statistics(
    long get, long put, long head, long post, long delete, long uploaded, long downloaded) {

  /** Counts accumulated since {@code earlier}. */
  public S3Statistics minus(S3Statistics earlier) {
    return new S3Statistics(
        get - earlier.get,
        put - earlier.put,
        head - earlier.head,
        post - earlier.post,
        delete - earlier.delete,
        uploaded - earlier.uploaded,
        downloaded - earlier.downloaded);
  }

  public long requests() {
    return get + put + head + post + delete;
  }
}
