package org.jpbs.gc.cache;

/** Capacity 0: caches nothing, counts nothing (PBS ≥ 3.4.2 runs without a cache). */
final class DisabledDigestCache implements DigestCache {
  static final DisabledDigestCache INSTANCE = new DisabledDigestCache();

  private DisabledDigestCache() {}

  @Override
  public boolean insert(long w0, long w1, long w2, long w3) {
    return false;
  }

  @Override
  public long hits() {
    return 0;
  }

  @Override
  public long misses() {
    return 0;
  }

  @Override
  public int capacity() {
    return 0;
  }
}
