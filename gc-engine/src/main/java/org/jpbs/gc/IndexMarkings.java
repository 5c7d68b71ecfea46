package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jpbs.format.IndexFiles;

/**
 * Chooses how phase 1 marks the digests of the index files it opens ({@link GcOptions.MarkOrder}),
 * and runs that marking on a plain list of index files for benchmarks that measure it without a
 * datastore.
 */
public final class IndexMarkings {
  private IndexMarkings() {}

  /** The marking of {@code options.markOrder()}, marking through {@code marker}. */
  static IndexMarking.Factory factory(GcOptions options, ChunkMarker marker, GcListener listener) {
    return factory(
        options.markOrder(),
        marker,
        listener,
        options.cacheCapacity(),
        options.threads(),
        options.markBatchEntries());
  }

  private static IndexMarking.Factory factory(
      GcOptions.MarkOrder order,
      ChunkMarker marker,
      GcListener listener,
      int cacheCapacity,
      int threads,
      long batchEntries) {
    return switch (order) {
      case DIRECTORY ->
          (checkpoint, done) ->
              new DirectoryOrderMarker(
                  marker, checkpoint, done, listener, cacheCapacity, threads, batchEntries);
      case INDEX ->
          (checkpoint, done) ->
              new IndexMarker(marker, checkpoint, done, cacheCapacity, threads, listener);
    };
  }

  /**
   * Marks every digest of {@code indexes} (opened in this order) through {@code marker} as phase 1
   * does in {@code order}, on one thread, with the default cache and batch sizes and no checkpoint.
   */
  public static void markAll(GcOptions.MarkOrder order, ChunkMarker marker, List<Path> indexes)
      throws IOException, InterruptedException {
    IndexMarking.Factory markings =
        factory(
            order,
            marker,
            GcListener.NONE,
            GcOptions.DEFAULT_CACHE_CAPACITY,
            1,
            GcOptions.DEFAULT_MARK_BATCH_ENTRIES);
    try (IndexMarking m = markings.create(MarkCheckpointer.NONE, path -> {})) {
      for (Path p : indexes) {
        m.submit(IndexFiles.open(p), p, null);
      }
      m.finish();
    }
  }
}
