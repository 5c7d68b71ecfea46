package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpbs.gc.state.GcStateStore;
import org.jpbs.gc.state.IndexIdentity;

/**
 * The mark checkpoint in the GC state: an index file is recorded after its last chunk was touched,
 * and skipped by a resumed run only if its identity (path, device, inode, size, mtime, ctime) is
 * unchanged. Entries are committed in batches; a kill loses at most the last batch, whose files are
 * then simply marked again.
 */
final class LmdbCheckpointer implements MarkCheckpointer {
  static final int BATCH = 32;

  private final GcStateStore state;
  private final long runId;
  private final Path base;
  private final boolean resumed;
  private int pending;

  LmdbCheckpointer(GcStateStore state, long runId, Path base, boolean resumed) {
    this.state = state;
    this.runId = runId;
    this.base = base;
    this.resumed = resumed;
  }

  /**
   * The identity of a regular index file; null for a symlinked one (PBS marks those in its leftover
   * pass), whose target could change without the link's identity changing, so it is never recorded
   * and always marked again.
   */
  @Override
  public IndexIdentity identify(Path index) throws IOException {
    if (Files.isSymbolicLink(index)) {
      return null;
    }
    return IndexIdentity.of(base, index);
  }

  @Override
  public boolean alreadyMarked(IndexIdentity id) throws IOException {
    return resumed && state.wasMarked(runId, id);
  }

  @Override
  public void marked(IndexIdentity id) throws IOException {
    state.checkpointIndexMarked(runId, id);
    if (++pending >= BATCH) {
      flush();
    }
  }

  @Override
  public void flush() throws IOException {
    state.flush();
    pending = 0;
  }
}
