package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.SnapshotInfo;

/**
 * Test seam into phase 1: called at the two points where PBS's chunk-reuse race lives (spec §8.3),
 * so tests can interleave backups and prunes deterministically. Production uses {@link #NONE}.
 */
public interface MarkPhaseHooks {
  /**
   * A group's snapshots were just listed (newest-first processing follows).
   *
   * @param attempt 0 for the first listing, then 1..10 for PBS's retries (10 = under group lock)
   */
  default void groupListed(BackupGroup group, List<SnapshotInfo> snapshots, int attempt)
      throws IOException {}

  /** An index file of the hierarchy pass is about to be opened. */
  default void beforeIndexOpen(Path indexFile) throws IOException {}

  /** Hooks that do nothing. */
  MarkPhaseHooks NONE = new MarkPhaseHooks() {};
}
