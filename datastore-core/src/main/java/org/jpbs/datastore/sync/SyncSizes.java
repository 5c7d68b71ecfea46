package org.jpbs.datastore.sync;

import java.io.IOException;
import org.jpbs.datastore.BackupDir;
import org.jpbs.format.BackupManifest;

/** Sizes read from manifests, for the progress total. */
final class SyncSizes {
  private SyncSizes() {}

  /** Archive bytes of a snapshot's indexes (what its chunks hold), 0 if unreadable. */
  static long archiveBytes(BackupDir dir) {
    try {
      long sum = 0;
      for (BackupManifest.FileInfo f :
          BackupManifest.load(dir.archivePath(BackupManifest.BLOB_NAME)).files()) {
        if (!f.filename().endsWith(".blob")) {
          sum += f.size();
        }
      }
      return sum;
    } catch (IOException e) {
      return 0;
    }
  }
}
