package org.jpbs.datastore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Told that a snapshot is about to be deleted; implemented by the garbage collector (which lives in
 * a module above this one) to mark the chunks of index files that vanish during its mark phase.
 *
 * <p>Called by every removal path (prune, forget, group destroy) while the snapshot's exclusive
 * lock and manifest lock are held (unless the caller forced the removal without locks), after the
 * protection check and before anything is deleted. The files still exist during the call.
 */
@FunctionalInterface
public interface SnapshotRemovalListener {
  /**
   * Called before {@code snapshot} is deleted.
   *
   * @param snapshot the snapshot being removed
   * @param indexFiles its regular {@code .fidx}/{@code .didx} files, listed under the lock
   * @throws IOException to veto the removal; the caller then reports a {@link
   *     RemovalAbortedException} and deletes nothing
   */
  void beforeRemove(BackupDir snapshot, List<Path> indexFiles) throws IOException;
}
