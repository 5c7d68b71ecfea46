package org.jpbs.datastore.verify;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.datastore.backend.ChunkBackend;
import org.jpbs.datastore.backup.Cancellation;
import org.jpbs.format.ChunkDigest;
import org.jpbs.format.CorruptFileException;
import org.jpbs.format.DataBlob;
import org.jpbs.format.DynamicIndexReader;
import org.jpbs.format.FixedIndexReader;
import org.jpbs.format.IndexFile;
import org.jpbs.format.UnsupportedFormatException;

/**
 * The chunk part of a verify job (PBS {@code verify_index_chunks}): the job-wide verified and
 * corrupt sets, inode ordering and the reader threads. Each chunk is read at most once per job.
 *
 * <p>A chunk is renamed to {@code .N.bad} only when its bytes were read and proved wrong (CRC,
 * magic, decode, length, digest) or it is missing (the rename then finds nothing). Other I/O
 * errors, including those caused by cancellation or interruption, count as errors but rename
 * nothing, so a good chunk is never renamed. On a read-only store nothing is renamed at all.
 */
final class ChunkVerifier implements AutoCloseable {
  static final int MAX_MESSAGES = 100;

  private final ChunkStore store;
  private final ChunkBackend chunks;
  private final ExecutorService pool;
  private final int threads;
  private final boolean inodeOrder;
  private final Cancellation cancellation;
  private final Set<ChunkDigest> verified = ConcurrentHashMap.newKeySet();
  private final Set<ChunkDigest> corrupt = ConcurrentHashMap.newKeySet();

  record Item(ChunkDigest digest, long size, boolean encrypted, long inode) {}

  /** Counters of one snapshot. */
  static final class Tally {
    final AtomicLong chunks = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong corrupt = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong renamed = new AtomicLong();
    final Queue<String> messages = new ConcurrentLinkedQueue<>();
    private final AtomicInteger messageCount = new AtomicInteger();

    void error(String message) {
      errors.incrementAndGet();
      if (messageCount.getAndIncrement() < MAX_MESSAGES) {
        messages.add(message);
      }
    }
  }

  ChunkVerifier(
      ChunkStore store,
      ChunkBackend chunks,
      int threads,
      boolean inodeOrder,
      Cancellation cancellation) {
    this.store = store;
    this.chunks = chunks;
    this.threads = threads;
    this.inodeOrder = inodeOrder;
    this.cancellation = cancellation;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "jpbs-verify-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Adds the index's chunks to {@code work} (first occurrence wins), skipping chunks verified
   * earlier in the job and counting chunks known corrupt as errors.
   *
   * @return false if a known-corrupt chunk was referenced
   */
  boolean collect(IndexFile index, boolean encrypted, Map<ChunkDigest, Item> work, Tally t) {
    boolean ok = true;
    for (int i = 0; i < index.count(); i++) {
      ChunkDigest d = index.digest(i);
      if (verified.contains(d) || work.containsKey(d)) {
        continue;
      }
      if (corrupt.contains(d)) {
        t.corrupt.incrementAndGet();
        t.error(
            "chunk "
                + d
                + " ("
                + index.path().getFileName()
                + ") was found corrupt earlier in this job");
        ok = false;
        continue;
      }
      work.put(d, new Item(d, chunkLength(index, i), encrypted, 0));
    }
    return ok;
  }

  private static long chunkLength(IndexFile index, int i) {
    if (index instanceof FixedIndexReader f) {
      return Math.min(f.chunkSize(), f.size() - (long) i * f.chunkSize());
    }
    DynamicIndexReader d = (DynamicIndexReader) index;
    return d.chunkEnd(i) - d.chunkStart(i);
  }

  /**
   * Checks all items on the reader threads, in inode order if configured.
   *
   * @return false if any chunk failed
   * @throws InterruptedIOException if cancelled or interrupted (no further chunk is renamed)
   */
  boolean run(Map<ChunkDigest, Item> work, Tally t) throws InterruptedIOException {
    List<Item> items = new ArrayList<>(work.size());
    for (Item it : work.values()) {
      items.add(
          inodeOrder ? new Item(it.digest(), it.size(), it.encrypted(), inode(it.digest())) : it);
    }
    if (inodeOrder) {
      items.sort(Comparator.comparingLong(Item::inode)); // unsigned not needed: missing = MAX_VALUE
    }
    long errorsBefore = t.errors.get();
    AtomicInteger cursor = new AtomicInteger();
    List<Callable<Void>> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      workers.add(
          () -> {
            for (int i = cursor.getAndIncrement(); i < items.size(); i = cursor.getAndIncrement()) {
              if (cancellation.isCancelled() || Thread.currentThread().isInterrupted()) {
                return null;
              }
              check(items.get(i), t);
            }
            return null;
          });
    }
    List<Future<Void>> futures = new ArrayList<>();
    try {
      for (Callable<Void> c : workers) {
        futures.add(pool.submit(c));
      }
      for (Future<Void> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      cancellation.cancel(); // stop the workers before they take another chunk
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("verify interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("verify worker failed", e.getCause());
    }
    cancellation.check("verify");
    return t.errors.get() == errorsBefore;
  }

  private long inode(ChunkDigest d) {
    try {
      Object ino = Files.getAttribute(store.chunkPath(d), "unix:ino", LinkOption.NOFOLLOW_LINKS);
      return ino instanceof Long l ? l : Long.MAX_VALUE;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Long.MAX_VALUE;
    }
  }

  private void check(Item it, Tally t) {
    ChunkDigest d = it.digest();
    String path = chunks.location(d);
    DataBlob blob;
    try {
      blob = chunks.loadAuthoritative(d);
    } catch (NoSuchFileException e) {
      markCorrupt(d, t, "chunk " + path + " is missing");
      return;
    } catch (CorruptFileException | UnsupportedFormatException e) {
      markCorrupt(d, t, e.getMessage());
      return;
    } catch (IOException e) {
      t.error("cannot read chunk " + path + ": " + e); // not proven bad: no rename
      return;
    }
    t.chunks.incrementAndGet();
    if (blob.kind().isEncrypted() != it.encrypted()) {
      t.error(
          "chunk "
              + path
              + " has crypt mode "
              + blob.kind()
              + ", the index expects "
              + (it.encrypted() ? "encrypted" : "unencrypted"));
      return;
    }
    if (!blob.kind().isEncrypted()) {
      try {
        blob.verifyUnencrypted(it.size(), d, path);
      } catch (CorruptFileException e) {
        markCorrupt(d, t, e.getMessage());
        return;
      }
    }
    t.bytes.addAndGet(it.size());
    verified.add(d);
  }

  private void markCorrupt(ChunkDigest d, Tally t, String message) {
    corrupt.add(d);
    t.corrupt.incrementAndGet();
    if (chunks.isReadOnly()) {
      t.error(message + "; not renamed (read-only datastore)");
      return;
    }
    String renamed;
    try {
      renamed =
          chunks
              .renameCorrupt(d)
              .map(
                  p -> {
                    t.renamed.incrementAndGet();
                    return "; renamed to " + p;
                  })
              .orElse("");
    } catch (IOException e) {
      renamed = "; rename failed: " + e.getMessage();
    }
    t.error(message + renamed);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
