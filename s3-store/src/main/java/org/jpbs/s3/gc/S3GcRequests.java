package org.jpbs.s3.gc;

import org.jpbs.s3.S3Statistics;

/**
 * The S3 requests one GC made, by type: ListObjectsV2 ({@code list}, split off PBS's GET counter),
 * GetObject ({@code get}), PutObject/CopyObject ({@code put}), HeadObject/HeadBucket ({@code
 * head}), DeleteObjects ({@code deleteObjects}, PBS's POST counter) and DeleteObject ({@code
 * delete}); counted as {@link org.jpbs.s3.S3Counters} does (final attempts that got a response).
 */
public record S3GcRequests(
    long list, long get, long put, long head, long deleteObjects, long delete, long uploaded) {
  static S3GcRequests of(S3Statistics used, S3SweepStats sweep) {
    long list = sweep.listRequests();
    return new S3GcRequests(
        list,
        Math.max(0, used.get() - list),
        used.put(),
        used.head(),
        used.post(),
        used.delete(),
        used.uploaded());
  }

  public long total() {
    return list + get + put + head + deleteObjects + delete;
  }
}
