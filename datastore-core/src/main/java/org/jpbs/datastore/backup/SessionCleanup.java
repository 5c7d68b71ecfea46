package org.jpbs.datastore.backup;

import java.io.IOException;
import java.util.List;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.lock.LockGuard;

/** How a {@link BackupSession} undoes a failed start and releases what it holds. */
final class SessionCleanup {
  private SessionCleanup() {}

  static void removeQuietly(BackupDir dir, Exception cause) {
    try {
      dir.destroy(true);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  static void removeGroupQuietly(BackupGroup group, LockGuard groupLock, Exception cause) {
    try {
      group.removeIfEmptyLocked(groupLock);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Closes in reverse order; returns the first failure (others suppressed), or null. */
  static IOException releaseAll(List<AutoCloseable> held) {
    IOException first = null;
    for (int i = held.size() - 1; i >= 0; i--) {
      try {
        held.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first =
              e instanceof IOException io
                  ? io
                  : new IOException("releasing " + held.get(i) + " failed", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    held.clear();
    return first;
  }
}
