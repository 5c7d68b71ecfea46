package org.jpbs.datastore;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * PBS {@code list_backups} for one group: every directory (lstat, symlinks excluded) whose name
 * matches the backup-time regex, in readdir order, each with its file list captured now; strict (a
 * snapshot vanishing meanwhile fails the listing) or skipping vanished snapshots.
 */
final class SnapshotListing {
  private SnapshotListing() {}

  static List<SnapshotInfo> list(BackupGroup group, boolean skipVanished) throws IOException {
    List<SnapshotInfo> out = new ArrayList<>();
    for (DirEntries.Entry e : DirEntries.read(group.fullPath())) {
      if (!BackupDir.BACKUP_TIME.matcher(e.name()).matches()) {
        continue;
      }
      if (e.kind() == DirEntries.Kind.VANISHED && !skipVanished) {
        throw new NoSuchFileException(e.path().toString(), null, "snapshot vanished while listing");
      }
      if (e.kind() != DirEntries.Kind.DIRECTORY) {
        continue;
      }
      BackupDir dir;
      try {
        dir = group.snapshot(e.name());
      } catch (IllegalArgumentException bad) {
        throw new InvalidBackupNameException(e.path(), bad.getMessage());
      }
      try {
        out.add(dir.info());
      } catch (NoSuchFileException gone) {
        if (!skipVanished) {
          throw gone;
        }
      }
    }
    return out;
  }
}
