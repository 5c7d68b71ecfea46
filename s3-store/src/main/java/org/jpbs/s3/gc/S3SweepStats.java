package org.jpbs.s3.gc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the S3 sweep of one GC did beyond the PBS counters: its ListObjectsV2 pages and delete
 * requests (DeleteObjects, or DELETE per key under the provider quirk), the objects it deleted, the
 * local cache files it removed because their object is gone, and the clock skew it measured.
 * Thread-safe.
 */
public final class S3SweepStats {
  final AtomicLong listRequests = new AtomicLong();
  final AtomicLong deleteRequests = new AtomicLong();
  final AtomicLong deletedObjects = new AtomicLong();
  final AtomicLong cleanedLocalFiles = new AtomicLong();
  volatile StoreClock clock;

  public long listRequests() {
    return listRequests.get();
  }

  public long deleteRequests() {
    return deleteRequests.get();
  }

  public long deletedObjects() {
    return deletedObjects.get();
  }

  public long cleanedLocalFiles() {
    return cleanedLocalFiles.get();
  }

  /** The measured skew, or null before the first listing. */
  public StoreClock clock() {
    return clock;
  }
}
