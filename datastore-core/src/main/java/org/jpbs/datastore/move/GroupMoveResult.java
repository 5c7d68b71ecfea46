package org.jpbs.datastore.move;

import java.io.IOException;
import java.util.List;
import org.jpbs.chunkstore.LockContentionException;
import org.jpbs.datastore.BackupGroup;

/**
 * What one group move did (or, for a dry run, would do).
 *
 * @param source the group moved
 * @param target the group in the target namespace
 * @param dryRun nothing was changed; {@code moved} lists what would move
 * @param moved snapshot times moved, oldest first
 * @param remaining snapshot times left at the source (after a failure)
 * @param targetCreated the target group did not exist before
 * @param sourceRemoved the emptied source group was removed
 * @param warnings non-fatal notes (e.g. differing group notes, the target's kept)
 * @param failure why the move stopped, or null when it completed
 */
public record GroupMoveResult(
    BackupGroup source,
    BackupGroup target,
    boolean dryRun,
    List<String> moved,
    List<String> remaining,
    boolean targetCreated,
    boolean sourceRemoved,
    List<String> warnings,
    IOException failure) {
  public GroupMoveResult {
    moved = List.copyOf(moved);
    remaining = List.copyOf(remaining);
    warnings = List.copyOf(warnings);
  }

  /** Whether the move completed. */
  public boolean ok() {
    return failure == null;
  }

  /**
   * A soft (retryable) failure: a lock held by a backup, reader or other move (PBS defers these);
   * every other failure is hard.
   */
  public boolean softFailure() {
    return failure instanceof LockContentionException;
  }
}
