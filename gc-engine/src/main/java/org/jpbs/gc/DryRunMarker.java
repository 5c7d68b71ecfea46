package org.jpbs.gc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jpbs.chunkstore.ChunkStore;
import org.jpbs.chunkstore.ReferencedChunks;
import org.jpbs.format.ChunkDigest;

/**
 * The dry-run mark: touches nothing, records every referenced digest instead, so the sweep can
 * classify each chunk as a real run would have left it ("touched now" if referenced).
 *
 * <p>Memory stays bounded: digests are appended to 256 temporary bucket files by their first byte;
 * the sweep, which walks chunk directories in prefix order, loads one bucket (sorted,
 * de-duplicated) at a time per thread. Missing referenced chunks (whose {@code .bad} copies a real
 * run would touch) are kept in memory; there are few by nature.
 */
final class DryRunMarker implements ChunkMarker, MarkStrategy {
  private static final int BUCKETS = 256;
  private static final int BUFFER = 32 * 1024;

  private final ChunkStore store;
  private final GcListener listener;
  private final Path dir;
  private final FileChannel[] channels = new FileChannel[BUCKETS];
  private final ByteBuffer[] buffers = new ByteBuffer[BUCKETS];
  private final Set<ChunkDigest> missing = ConcurrentHashMap.newKeySet();
  private final LongAdder missingCount = new LongAdder();

  private DryRunMarker(ChunkStore store, GcListener listener, Path dir) throws IOException {
    this.store = store;
    this.listener = listener;
    this.dir = dir;
    for (int b = 0; b < BUCKETS; b++) {
      channels[b] =
          FileChannel.open(
              dir.resolve(String.format("%02x", b)),
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              StandardOpenOption.READ);
      buffers[b] = ByteBuffer.allocate(BUFFER).order(ByteOrder.BIG_ENDIAN);
    }
  }

  static DryRunMarker create(ChunkStore store, GcListener listener) throws IOException {
    return new DryRunMarker(store, listener, Files.createTempDirectory("jpbs-gc-dry-run-"));
  }

  @Override
  public void mark(long w0, long w1, long w2, long w3, Path requiredBy) throws IOException {
    ChunkDigest digest = ChunkDigest.ofWords(w0, w1, w2, w3);
    if (!Files.exists(store.chunkPath(digest), LinkOption.NOFOLLOW_LINKS)) {
      if (missing.add(digest)) {
        missingCount.increment();
        listener.warning(
            "unable to access non-existent chunk "
                + digest.toHex()
                + ", required by \""
                + requiredBy
                + "\"");
      }
    }
    int b = (int) (w0 >>> 56);
    synchronized (buffers[b]) {
      ByteBuffer buf = buffers[b];
      if (buf.remaining() < ChunkDigest.SIZE) {
        drain(b);
      }
      buf.putLong(w0).putLong(w1).putLong(w2).putLong(w3);
    }
  }

  @Override
  public long missingChunks() {
    return missingCount.sum();
  }

  @Override
  public ChunkMarker chunkMarker() {
    return this;
  }

  /** A dry run records nothing, so it checkpoints nothing. */
  @Override
  public MarkCheckpointer checkpointer() {
    return MarkCheckpointer.NONE;
  }

  /** Its set lives in temporary files of this process (a dry run is never resumed anyway). */
  @Override
  public boolean marksPersist() {
    return false;
  }

  /** Flushes every bucket and returns the lookup the sweep classifies with. */
  @Override
  public ReferencedChunks referencedForSweep() throws IOException {
    for (int b = 0; b < BUCKETS; b++) {
      synchronized (buffers[b]) {
        drain(b);
      }
    }
    return new Lookup();
  }

  private void drain(int b) throws IOException {
    ByteBuffer buf = buffers[b];
    buf.flip();
    while (buf.hasRemaining()) {
      channels[b].write(buf);
    }
    buf.clear();
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (int b = 0; b < BUCKETS; b++) {
      try {
        if (channels[b] != null) {
          channels[b].close();
        }
        Files.deleteIfExists(dir.resolve(String.format("%02x", b)));
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    Files.deleteIfExists(dir);
    if (first != null) {
      throw first;
    }
  }

  /** Sorted, de-duplicated buckets loaded on demand; a few stay resident. */
  private final class Lookup implements ReferencedChunks {
    private final Map<Integer, ChunkDigest[]> loaded =
        Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<Integer, ChunkDigest[]> e) {
                return size() > 4;
              }
            });

    @Override
    public boolean isMarked(long w0, long w1, long w2, long w3) {
      ChunkDigest[] bucket = bucket((int) (w0 >>> 56));
      return Arrays.binarySearch(bucket, ChunkDigest.ofWords(w0, w1, w2, w3)) >= 0;
    }

    @Override
    public boolean isBadCopyMarked(long w0, long w1, long w2, long w3) {
      return missing.contains(ChunkDigest.ofWords(w0, w1, w2, w3));
    }

    private ChunkDigest[] bucket(int b) {
      ChunkDigest[] got = loaded.get(b);
      if (got == null) {
        got = loadBucket(b);
        loaded.put(b, got);
      }
      return got;
    }

    private ChunkDigest[] loadBucket(int b) {
      try {
        FileChannel ch = channels[b];
        long size = ch.size();
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.BIG_ENDIAN);
        synchronized (buffers[b]) {
          while (all.hasRemaining() && ch.read(all, all.position()) >= 0) {
            // positional reads until the bucket is in memory
          }
        }
        all.flip();
        ChunkDigest[] out = new ChunkDigest[(int) (size / ChunkDigest.SIZE)];
        for (int i = 0; i < out.length; i++) {
          out[i] = ChunkDigest.ofWords(all.getLong(), all.getLong(), all.getLong(), all.getLong());
        }
        Arrays.sort(out, Comparator.naturalOrder());
        int n = 0;
        for (int i = 0; i < out.length; i++) {
          if (n == 0 || !out[i].equals(out[n - 1])) {
            out[n++] = out[i];
          }
        }
        return Arrays.copyOf(out, n);
      } catch (IOException e) {
        throw new UncheckedIOException("dry-run bucket " + b + " unreadable", e);
      }
    }
  }
}
