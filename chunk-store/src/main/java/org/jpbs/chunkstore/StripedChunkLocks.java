package org.jpbs.chunkstore;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * In-process fallback {@link ChunkLocks} (no OFD locks on this platform): 4096 read/write lock
 * stripes over the 65,536 prefixes. It excludes threads of this JVM only; with it, a sweep must not
 * run while another process writes chunks (documented limitation of the fallback).
 */
final class StripedChunkLocks implements ChunkLocks {
  private static final int STRIPES = 4096;
  private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];

  StripedChunkLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantReadWriteLock();
    }
  }

  private ReentrantReadWriteLock stripe(int prefix) {
    return stripes[prefix & (STRIPES - 1)];
  }

  @Override
  public void lockShared(int prefix) {
    stripe(prefix).readLock().lock();
  }

  @Override
  public void unlockShared(int prefix) {
    stripe(prefix).readLock().unlock();
  }

  @Override
  public void lockExclusive(int prefix) {
    stripe(prefix).writeLock().lock();
  }

  @Override
  public void unlockExclusive(int prefix) {
    stripe(prefix).writeLock().unlock();
  }

  /**
   * Takes the prefixes one at a time, ascending (not atomically). The write locks are reentrant, so
   * a range that maps onto a stripe twice is fine; the sweep's ranges are short runs of ascending
   * prefixes and writers hold one stripe at a time, so this cannot deadlock.
   */
  @Override
  public void lockExclusiveRange(int first, int count) {
    ChunkLocks.checkRange(first, count);
    for (int p = first; p < first + count; p++) {
      stripe(p).writeLock().lock();
    }
  }

  @Override
  public void unlockExclusiveRange(int first, int count) {
    ChunkLocks.checkRange(first, count);
    for (int p = first + count - 1; p >= first; p--) {
      stripe(p).writeLock().unlock();
    }
  }

  @Override
  public String name() {
    return "in-process";
  }

  @Override
  public void close() {}
}
