package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;
import org.jpbs.format.IndexFile;
import org.jpbs.gc.state.IndexIdentity;

/**
 * How phase 1 marks the digests of the index files {@link MarkWalk} opens: right away in index
 * order ({@link IndexMarker}, PBS's way) or collected and marked in chunk-directory order across
 * many files ({@link DirectoryOrderMarker}).
 *
 * <p>Contract shared by both: every digest of a submitted index is marked before {@link #finish}
 * returns; an index is recorded in the checkpoint (and reported as done) only after its last digest
 * was marked; the indexes still pending when marking fails are closed by {@link #close}.
 */
interface IndexMarking extends AutoCloseable {
  /** Called once per submitted index, on the phase-1 thread, after all its digests were marked. */
  @FunctionalInterface
  interface Done {
    void indexMarked(Path path);

    /**
     * Progress inside a batch of {@code files} index files not yet reported by {@link
     * #indexMarked}: {@code done} of its {@code total} references handled. May be called from mark
     * threads, concurrently; {@code done} grows within a batch.
     */
    default void batchProgress(int files, long done, long total) {}
  }

  /** Creates the marking for one phase 1. */
  @FunctionalInterface
  interface Factory {
    IndexMarking create(MarkCheckpointer checkpoint, Done done);
  }

  /**
   * Takes ownership of the open {@code index}: marks its digests now or later (at the latest in
   * {@link #finish}), then closes it and records {@code identity} (if not null) in the checkpoint.
   */
  void submit(IndexFile index, Path path, IndexIdentity identity)
      throws IOException, InterruptedException;

  /** Marks everything still pending. */
  void finish() throws IOException, InterruptedException;

  /** References that needed no touch (PBS: digest cache hits). */
  long cacheHits();

  /** References that were touched (PBS: digest cache misses). */
  long cacheMisses();

  /** Releases threads and closes the indexes still pending. */
  @Override
  void close();
}
