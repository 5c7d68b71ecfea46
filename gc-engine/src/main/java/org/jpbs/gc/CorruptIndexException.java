package org.jpbs.gc;

import java.nio.file.Path;

/**
 * Phase 1 found an index file whose bytes contradict its format (truncated, bad checksum, unknown
 * magic): the run stopped before any sweep. {@link #index()} names the file; the snapshot that owns
 * it needs a verify and, if damaged, a forget (or a restore from another copy) before GC can run.
 */
public final class CorruptIndexException extends GcAbortedException {
  private static final long serialVersionUID = 1L;

  private final transient Path index;

  public CorruptIndexException(Path index, String message, Throwable cause) {
    super(message, cause);
    this.index = index;
  }

  /** The damaged index file. */
  public Path index() {
    return index;
  }
}
