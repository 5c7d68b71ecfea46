package org.jpbs.chunkstore;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Sweeps one chunk directory: lists it, stats each chunk-named entry without following symlinks,
 * classifies regular files and unlinks those below the cutoff. One instance per sweep thread (owns
 * that thread's buffers); the caller holds the directory's exclusive chunk lock.
 */
interface DirectorySweeper extends AutoCloseable {
  /**
   * Sweeps {@code .chunks/<prefix>}. A missing directory is skipped.
   *
   * @param unlink false for a dry run
   * @throws IOException on opendir (other than ENOENT), readdir or unlink errors, naming the path
   * @throws SweepAbortSignal when {@code abort} returns true
   */
  void sweep(int prefix, SweepCounters counters, boolean unlink, BooleanSupplier abort)
      throws IOException;

  @Override
  void close();

  /** Thrown inside a sweep thread when the abort check fires. */
  final class SweepAbortSignal extends IOException {
    private static final long serialVersionUID = 1L;

    SweepAbortSignal() {
      super("sweep aborted by request");
    }
  }
}
