package org.jpbs.gc.markset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The finished, immutable set of referenced digests, read by the sweep one chunk directory at a
 * time through {@link MarkPartition}s (one per sweep thread). Exact: see the package documentation.
 *
 * <p>Ownership: owns the spill file, deleted by {@link #close()} (idempotent). Thread-safe for any
 * number of partitions reading concurrently; closing while they read is a caller error.
 */
public final class MarkSet implements AutoCloseable {
  private final MarkGroup[] groups;
  private final SpillFile spillFile;
  private volatile boolean closed;

  MarkSet(MarkGroup[] groups, SpillFile spillFile) {
    this.groups = groups.clone();
    this.spillFile = spillFile;
  }

  /** A new, unloaded reader of one partition at a time; confined to one thread. */
  public MarkPartition newPartition() {
    checkOpen();
    return new MarkPartition(this);
  }

  /** Digests added during marking, duplicates included. */
  public long added() {
    long n = 0;
    for (MarkGroup g : groups) {
      n += g.added();
    }
    return n;
  }

  /** Bytes of the spill file (0 if everything stayed in memory). */
  public long spilledBytes() {
    return spillFile == null ? 0 : spillFile.size();
  }

  /** The spill file, or null if nothing spilled. */
  public Path spillPath() {
    return spillFile == null ? null : spillFile.path();
  }

  /** Bytes of digest buffers still in memory (the groups that never spilled). */
  public long bytesInMemory() {
    long n = 0;
    for (MarkGroup g : groups) {
      n += g.bytesInMemory();
    }
    return n;
  }

  MarkGroup group(int g) {
    return groups[g];
  }

  List<SpilledRun> runs(int g) {
    return groups[g].runs();
  }

  SpillFile spillFile() {
    return spillFile;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("mark set closed");
    }
  }

  /** Deletes the spill file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (spillFile != null) {
      spillFile.close();
    }
  }
}
