package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.jpbs.format.IndexFile;
import org.jpbs.gc.cache.DigestCache;
import org.jpbs.gc.state.IndexIdentity;

/**
 * Marks every digest of one index file (PBS {@code index_mark_used_chunks}): a digest the cache has
 * seen is skipped, any other is handed to the {@link ChunkMarker}.
 *
 * <p>With {@code threads > 1}, digests are partitioned by their chunk-directory prefix ({@code
 * prefix % threads}); each partition has its own worker thread and its own cache of {@code capacity
 * / threads} entries, so a thread works on its own directories and the total touch count matches
 * one cache of the full capacity. The set of touched chunks is identical for any thread count
 * (every referenced digest is either touched or was touched earlier in this run).
 *
 * <p>Within a partition, the digests the cache has not seen are marked in chunk-directory order
 * (sorted per batch of up to {@value #BATCH}): neighbouring touches hit the same directory's
 * dentries and inodes. Only the order changes: {@link #mark} still returns only after every digest
 * of the index has been marked (or was marked earlier in this run), so an index recorded as marked
 * in the checkpoint is fully marked, and phase 1 ends with every referenced digest touched, as the
 * safety argument requires.
 */
final class IndexMarker implements IndexMarking {
  /** Below this many entries an index is marked on the calling thread (fan-out costs more). */
  static final int PARALLEL_THRESHOLD = 2048;

  /** Most cache misses collected before they are sorted and marked. */
  static final int BATCH = 64 * 1024;

  private final ChunkMarker marker;
  private final DigestCache[] caches;

  /** Per partition: sort keys of the pending misses (see {@link #sortKey}). */
  private final long[][] batches;

  private final MarkThreads pool;
  private final GcListener listener;
  private final MarkCheckpointer checkpoint;
  private final Done done;

  IndexMarker(ChunkMarker marker, int cacheCapacity, int threads, GcListener listener) {
    this(marker, MarkCheckpointer.NONE, path -> {}, cacheCapacity, threads, listener);
  }

  IndexMarker(
      ChunkMarker marker,
      MarkCheckpointer checkpoint,
      Done done,
      int cacheCapacity,
      int threads,
      GcListener listener) {
    this.marker = marker;
    this.checkpoint = checkpoint;
    this.done = done;
    this.listener = listener;
    this.caches = new DigestCache[threads];
    this.batches = new long[threads][BATCH];
    int perThread = cacheCapacity == 0 ? 0 : Math.max(1, cacheCapacity / threads);
    for (int t = 0; t < threads; t++) {
      caches[t] = DigestCache.create(perThread);
    }
    pool = threads > 1 ? new MarkThreads(threads) : null;
  }

  /** Marks the digests of {@code index} right away (PBS order), then closes and records it. */
  @Override
  public void submit(IndexFile index, Path path, IndexIdentity identity)
      throws IOException, InterruptedException {
    try (IndexFile open = index) {
      mark(open, path);
    }
    if (identity != null) {
      checkpoint.marked(identity);
    }
    done.indexMarked(path);
  }

  @Override
  public void finish() {
    // nothing is ever pending
  }

  /** Marks all digests of {@code index}. */
  void mark(IndexFile index, Path path) throws IOException, InterruptedException {
    int count = index.count();
    if (pool == null || count < PARALLEL_THRESHOLD) {
      markPartition(index, path, -1);
      return;
    }
    pool.runAll(part -> markPartition(index, path, part), "marking " + path);
  }

  /**
   * Marks the digests of partition {@code part}, or all digests when {@code part < 0}: the digests
   * the cache has not seen are collected as sort keys and marked in chunk-directory order, at the
   * latest when {@value #BATCH} are pending and always before this method returns.
   */
  private void markPartition(IndexFile index, Path path, int part) throws IOException {
    int threads = caches.length;
    int count = index.count();
    long[] keys = batches[Math.max(part, 0)];
    int pending = 0;
    for (int i = 0; i < count; i++) {
      long w0 = index.digestWord(i, 0);
      int owner = threads == 1 ? 0 : (int) ((w0 >>> 48) % threads);
      if (part >= 0 && owner != part) {
        continue;
      }
      if (caches[owner].insert(
          w0, index.digestWord(i, 1), index.digestWord(i, 2), index.digestWord(i, 3))) {
        continue; // seen in this run and still resident: already marked (or pending in this batch)
      }
      keys[pending++] = sortKey(w0, i);
      if (pending == keys.length) {
        markSorted(index, path, keys, pending);
        pending = 0;
      }
    }
    markSorted(index, path, keys, pending);
  }

  /**
   * The key that orders entry {@code i} by its digest's first four bytes (unsigned, so by chunk
   * directory) and keeps {@code i} in the low 32 bits.
   */
  static long sortKey(long w0, int i) {
    return ((w0 ^ Long.MIN_VALUE) & 0xFFFF_FFFF_0000_0000L) | (i & 0xFFFF_FFFFL);
  }

  /** Hands the {@code n} collected entries to the marker in directory order. */
  private void markSorted(IndexFile index, Path path, long[] keys, int n) throws IOException {
    Arrays.sort(keys, 0, n);
    for (int k = 0; k < n; k++) {
      int i = (int) keys[k];
      marker.mark(
          index.digestWord(i, 0),
          index.digestWord(i, 1),
          index.digestWord(i, 2),
          index.digestWord(i, 3),
          path);
      if ((k & 0xFFF) == 0 && listener.cancelRequested()) {
        throw new GcAbortedException("garbage collection aborted on request while marking " + path);
      }
    }
  }

  @Override
  public long cacheHits() {
    long h = 0;
    for (DigestCache c : caches) {
      h += c.hits();
    }
    return h;
  }

  @Override
  public long cacheMisses() {
    long m = 0;
    for (DigestCache c : caches) {
      m += c.misses();
    }
    return m;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }
}
