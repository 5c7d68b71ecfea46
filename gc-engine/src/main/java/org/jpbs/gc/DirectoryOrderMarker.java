package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jpbs.format.IndexFile;
import org.jpbs.gc.cache.DigestCache;
import org.jpbs.gc.state.IndexIdentity;
import org.jpbs.posix.MappedPages;

/**
 * Phase-1 marking in chunk-directory order across many index files (jpbs, not PBS).
 *
 * <p>Submitted index files stay open (mapped) until a batch holds {@code batchEntries} references
 * or {@value #MAX_BATCH_FILES} files, or {@link #finish} is called. The batch is then marked: each
 * thread owns a contiguous range of the 65,536 chunk directories. It counts the batch's references
 * per directory of its range, then, in passes over consecutive directories holding at most {@code
 * passEntries} references, copies their digests into per-directory buckets (reading the mapped
 * indexes sequentially), drops duplicates exactly (all 256 bits compared) and touches each distinct
 * chunk once, directory after directory. Touching a store's chunks in directory order costs the
 * kernel much less than PBS's index order (dentry and inode locality: on tmpfs a directory-ordered
 * {@code utimensat} pass ran ~1.6x the rate of a random-order one), and the bucketing keeps every
 * memory access sequential (a sort of references pointing back into the mapped indexes cost ~0.4 µs
 * per reference in cache and TLB misses).
 *
 * <p>Safety is PBS's: every digest of every submitted index is touched before {@link #finish}
 * returns, so phase 1 still ends with every referenced chunk touched and the sweep starts only
 * after that. Touching later than PBS (after the index was read, not while reading it) loses
 * nothing: only the sweep deletes chunks, and a mapped index stays readable even if a prune unlinks
 * it meanwhile. An index is recorded in the checkpoint only after its batch was marked.
 *
 * <p>Across batches, the digest cache (PBS capacity semantics, split over the threads) skips
 * digests touched in an earlier batch of this run. It is used only once a second batch exists: a
 * run that fits in one batch needs no cache. Statistics follow PBS: "misses" are the touched
 * references, "hits" the references that needed no touch; both stay 0 when the cache is disabled
 * (capacity 0), as PBS reports, although duplicates within a batch are still touched only once.
 */
final class DirectoryOrderMarker implements IndexMarking {
  /** Most index files mapped at once (far below {@code vm.max_map_count}). */
  static final int MAX_BATCH_FILES = 4096;

  /** Most references one thread buckets at once (36 heap bytes each: 18 MiB per thread). */
  static final int PASS_ENTRIES = 1 << 19;

  private final ChunkMarker marker;
  private final MarkCheckpointer checkpoint;
  private final Done done;
  private final GcListener listener;
  private final long batchEntries;
  private final int passEntries;
  private final boolean cacheEnabled;
  private final Worker[] workers;
  private final MarkThreads pool;

  private final List<IndexFile> files = new ArrayList<>();
  private final List<Path> paths = new ArrayList<>();
  private final List<IndexIdentity> identities = new ArrayList<>();
  private long pendingEntries;
  private boolean earlierBatch;

  /** References of the current batch handled so far (all threads), for progress reports. */
  private final AtomicLong batchDone = new AtomicLong();

  private volatile long batchTotal;
  private volatile int batchFiles;

  DirectoryOrderMarker(
      ChunkMarker marker,
      MarkCheckpointer checkpoint,
      Done done,
      GcListener listener,
      int cacheCapacity,
      int threads,
      long batchEntries) {
    this(marker, checkpoint, done, listener, cacheCapacity, threads, batchEntries, PASS_ENTRIES);
  }

  /** As above, with the per-thread bucket capacity given (tests use small ones). */
  DirectoryOrderMarker(
      ChunkMarker marker,
      MarkCheckpointer checkpoint,
      Done done,
      GcListener listener,
      int cacheCapacity,
      int threads,
      long batchEntries,
      int passEntries) {
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be 1..256: " + threads);
    }
    if (passEntries < 1) {
      throw new IllegalArgumentException("pass entries must be positive: " + passEntries);
    }
    if (batchEntries < 1) {
      throw new IllegalArgumentException("batch entries must be positive: " + batchEntries);
    }
    this.marker = marker;
    this.checkpoint = checkpoint;
    this.done = done;
    this.listener = listener;
    this.batchEntries = batchEntries;
    this.passEntries = passEntries;
    this.cacheEnabled = cacheCapacity > 0;
    int perThread = cacheEnabled ? Math.max(1, cacheCapacity / threads) : 0;
    this.workers = new Worker[threads];
    for (int t = 0; t < threads; t++) {
      int lo = (int) (65_536L * t / threads);
      int hi = (int) (65_536L * (t + 1) / threads);
      workers[t] = new Worker(lo, hi, perThread);
    }
    pool = threads > 1 ? new MarkThreads(threads) : null;
  }

  @Override
  public void submit(IndexFile index, Path path, IndexIdentity identity)
      throws IOException, InterruptedException {
    files.add(index);
    paths.add(path);
    identities.add(identity);
    pendingEntries += index.count();
    if (pendingEntries >= batchEntries || files.size() >= MAX_BATCH_FILES) {
      markBatch(true);
    }
  }

  @Override
  public void finish() throws IOException, InterruptedException {
    markBatch(false);
  }

  /** Marks the pending batch; {@code more} says whether further batches may follow. */
  private void markBatch(boolean more) throws IOException, InterruptedException {
    if (files.isEmpty()) {
      return;
    }
    IndexFile[] batch = files.toArray(new IndexFile[0]);
    Path[] batchPaths = paths.toArray(new Path[0]);
    boolean useCache = cacheEnabled && (more || earlierBatch);
    batchDone.set(0);
    batchTotal = pendingEntries;
    batchFiles = batch.length;
    if (pool == null) {
      workers[0].mark(batch, batchPaths, useCache);
    } else {
      pool.runAll(t -> workers[t].mark(batch, batchPaths, useCache), "marking");
    }
    earlierBatch = true;
    for (int i = 0; i < batch.length; i++) {
      batch[i].close();
      IndexIdentity id = identities.get(i);
      if (id != null) {
        checkpoint.marked(id);
      }
      done.indexMarked(batchPaths[i]);
    }
    files.clear();
    paths.clear();
    identities.clear();
    pendingEntries = 0;
  }

  /**
   * Counts {@code n} handled references; reports progress at each 1/64 of the batch and at its end.
   */
  private void advance(long n) {
    long total = batchTotal;
    long now = batchDone.addAndGet(n);
    long step = Math.max(1, total / 64);
    if ((now - n) / step != now / step || (now >= total && now - n < total)) {
      done.batchProgress(batchFiles, Math.min(now, total), total);
    }
  }

  @Override
  public long cacheHits() {
    long h = 0;
    for (Worker w : workers) {
      h += w.hits;
    }
    return cacheEnabled ? h : 0;
  }

  @Override
  public long cacheMisses() {
    long m = 0;
    for (Worker w : workers) {
      m += w.misses;
    }
    return cacheEnabled ? m : 0;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
    for (IndexFile f : files) {
      f.close();
    }
    files.clear();
    paths.clear();
    identities.clear();
  }

  /**
   * Lets the kernel drop this process's resident pages of an index file a pass has just read: a
   * pass reads the whole batch (up to 64 MiB of mapped entries at the default batch size), and
   * without this every page read stays in the resident set until the batch is closed. The next pass
   * faults them in again from the page cache; another thread reading the file meanwhile does the
   * same. The file stays mapped and open, so nothing changes for safety.
   */
  private static void releasePages(IndexFile index) {
    index.forEachMapping(MappedPages::release);
  }

  /** One thread's directory range, buffers, cache and counters. */
  private final class Worker {
    /**
     * Distinct digests per directory remembered for de-duplication; beyond, duplicates are touched
     * again.
     */
    private static final int DISTINCT_MAX = 256;

    private final int lo;
    private final int hi;
    private final int cacheCapacity;

    /** References per directory of this worker's range, then the next free slot of each bucket. */
    private final int[] count;

    private final int[] next;
    private final int[] distinct = new int[DISTINCT_MAX];
    private DigestCache cache;
    private long[] words = new long[0];
    private int[] fileOf = new int[0];
    long hits;
    long misses;

    Worker(int lo, int hi, int cacheCapacity) {
      this.lo = lo;
      this.hi = hi;
      this.cacheCapacity = cacheCapacity;
      this.count = new int[hi - lo];
      this.next = new int[hi - lo];
    }

    /**
     * Marks the batch's digests in directories {@code [lo, hi)}: counts the references per
     * directory, then in passes over consecutive directories holding at most {@code passEntries}
     * references copies their digests bucketed by directory (reading the indexes sequentially) and
     * touches bucket after bucket.
     */
    void mark(IndexFile[] batch, Path[] batchPaths, boolean useCache) throws IOException {
      Arrays.fill(count, 0);
      long total = 0;
      for (IndexFile index : batch) {
        int n = index.count();
        for (int e = 0; e < n; e++) {
          int dir = (int) (index.digestWord(e, 0) >>> 48) - lo;
          if (dir >= 0 && dir < count.length) {
            count[dir]++;
          }
        }
        releasePages(index);
      }
      for (int c : count) {
        total += c;
      }
      ensureCapacity((int) Math.min(passEntries, Math.max(total, 1)));
      int a = 0;
      while (a < count.length) {
        long inPass = count[a];
        int b = a + 1;
        while (b < count.length && inPass + count[b] <= fileOf.length) {
          inPass += count[b++];
        }
        if (inPass <= fileOf.length) {
          markBuckets(batch, batchPaths, a, b, useCache);
        } else {
          markOverfull(batch, batchPaths, a, useCache); // one directory, more than fit at once
        }
        a = b;
      }
    }

    private void ensureCapacity(int capacity) {
      if (fileOf.length < capacity) {
        words = new long[4 * capacity];
        fileOf = new int[capacity];
      }
    }

    /** Copies the digests of directories {@code [a, b)} into their buckets, then marks them. */
    private void markBuckets(IndexFile[] batch, Path[] batchPaths, int a, int b, boolean useCache)
        throws IOException {
      int slot = 0;
      for (int d = a; d < b; d++) {
        next[d] = slot;
        slot += count[d];
      }
      for (int f = 0; f < batch.length; f++) {
        IndexFile index = batch[f];
        int n = index.count();
        for (int e = 0; e < n; e++) {
          long w0 = index.digestWord(e, 0);
          int dir = (int) (w0 >>> 48) - lo;
          if (dir < a || dir >= b) {
            continue;
          }
          copyIn(next[dir]++, index, e, w0, f);
        }
        releasePages(index);
      }
      int from = 0;
      for (int d = a; d < b; d++) {
        markBucket(from, next[d], batchPaths, useCache); // next[d] is now the bucket's end
        from = next[d];
      }
    }

    /** Copies entry {@code e} of index {@code f} (first word {@code w0}) into slot {@code r}. */
    private void copyIn(int r, IndexFile index, int e, long w0, int f) {
      words[4 * r] = w0;
      words[4 * r + 1] = index.digestWord(e, 1);
      words[4 * r + 2] = index.digestWord(e, 2);
      words[4 * r + 3] = index.digestWord(e, 3);
      fileOf[r] = f;
    }

    /** Marks directory {@code dir}'s references a buffer-full at a time. */
    private void markOverfull(IndexFile[] batch, Path[] batchPaths, int dir, boolean useCache)
        throws IOException {
      int r = 0;
      for (int f = 0; f < batch.length; f++) {
        IndexFile index = batch[f];
        int n = index.count();
        for (int e = 0; e < n; e++) {
          long w0 = index.digestWord(e, 0);
          if ((int) (w0 >>> 48) - lo != dir) {
            continue;
          }
          if (r == fileOf.length) {
            markBucket(0, r, batchPaths, useCache);
            r = 0;
          }
          copyIn(r++, index, e, w0, f);
        }
        releasePages(index);
      }
      markBucket(0, r, batchPaths, useCache);
    }

    /** Touches each distinct digest of slots {@code [from, to)} (one directory) once. */
    private void markBucket(int from, int to, Path[] batchPaths, boolean useCache)
        throws IOException {
      markDistinct(from, to, batchPaths, useCache);
      advance(to - from);
    }

    private void markDistinct(int from, int to, Path[] batchPaths, boolean useCache)
        throws IOException {
      int kept = 0;
      for (int r = from; r < to; r++) {
        long w0 = words[4 * r];
        long w1 = words[4 * r + 1];
        long w2 = words[4 * r + 2];
        long w3 = words[4 * r + 3];
        if (seen(kept, w0, w1, w2, w3)) {
          hits++;
          continue;
        }
        if (kept < DISTINCT_MAX) {
          distinct[kept++] = r;
        }
        if (useCache && cache().insert(w0, w1, w2, w3)) {
          hits++; // touched in an earlier batch of this run
          continue;
        }
        misses++;
        marker.mark(w0, w1, w2, w3, batchPaths[fileOf[r]]);
        if ((misses & 0xFFF) == 0 && listener.cancelRequested()) {
          throw new GcAbortedException("garbage collection aborted on request while marking");
        }
      }
    }

    /** Whether one of the first {@code kept} remembered distinct digests equals this one. */
    private boolean seen(int kept, long w0, long w1, long w2, long w3) {
      for (int k = 0; k < kept; k++) {
        int q = 4 * distinct[k];
        if (words[q] == w0 && words[q + 1] == w1 && words[q + 2] == w2 && words[q + 3] == w3) {
          return true;
        }
      }
      return false;
    }

    private DigestCache cache() {
      if (cache == null) {
        cache = DigestCache.create(cacheCapacity);
      }
      return cache;
    }
  }
}
