package org.jpbs.datastore.backup;

import java.io.IOException;
import java.util.Optional;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.format.BackupManifest;
import org.jpbs.format.FixedIndexReader;
import org.jpbs.format.IndexFile;
import org.jpbs.format.IndexFiles;

/**
 * The incremental base of a backup (spec §6.2, §8.2): the newest finished snapshot unless its last
 * verify failed, with its manifest; offers each archive's digests as known chunks.
 */
final class BackupBase {
  private final BackupDir dir;
  private final BackupManifest manifest;
  private final String noBaseReason;
  private final BackupDir last;

  private BackupBase(BackupDir dir, BackupManifest manifest) {
    this.dir = dir;
    this.manifest = manifest;
    this.noBaseReason = null;
    this.last = dir;
  }

  private BackupBase(String noBaseReason, BackupDir last) {
    this.dir = null;
    this.manifest = null;
    this.noBaseReason = noBaseReason;
    this.last = last;
  }

  /**
   * Picks the base; called under the group lock. A finished snapshot whose manifest cannot be read
   * is no base (deviation: PBS fails the backup; uploading everything is the safe choice).
   */
  static BackupBase select(BackupGroup group) throws IOException {
    SnapshotInfo newest = null;
    for (SnapshotInfo s : group.listPresentSnapshots()) {
      if (s.isFinished() && (newest == null || s.backupTime() > newest.backupTime())) {
        newest = s;
      }
    }
    if (newest == null) {
      return new BackupBase("no previous snapshot", null);
    }
    BackupManifest m;
    try {
      m = BackupManifest.load(newest.dir().archivePath(BackupManifest.BLOB_NAME));
    } catch (IOException e) {
      return new BackupBase(
          "the manifest of previous snapshot "
              + newest.dir().backupTimeString()
              + " cannot be read",
          newest.dir());
    }
    if (m.verifyState().map(v -> "failed".equals(v.state())).orElse(false)) {
      return new BackupBase(
          "previous snapshot " + newest.dir().backupTimeString() + " failed verification",
          newest.dir());
    }
    return new BackupBase(newest.dir(), m);
  }

  Optional<BackupDir> dir() {
    return Optional.ofNullable(dir);
  }

  /** The group's newest finished snapshot (the base, unless it failed verify), if any. */
  Optional<BackupDir> last() {
    return Optional.ofNullable(last);
  }

  /** Why there is no base (e.g. {@code no previous snapshot}), or empty when there is one. */
  Optional<String> noBaseReason() {
    return Optional.ofNullable(noBaseReason);
  }

  /**
   * Registers the digests of the base's archive {@code filename} (PBS {@code download_previous}),
   * if the base lists it and the index matches the manifest's size and csum; otherwise nothing is
   * known and every chunk is uploaded.
   */
  void registerKnown(String filename, ChunkUploader uploader) throws IOException {
    if (dir == null) {
      return;
    }
    Optional<BackupManifest.FileInfo> info = manifest.lookupFile(filename);
    if (info.isEmpty()) {
      return;
    }
    IndexFile index;
    try {
      index = IndexFiles.open(dir.archivePath(filename));
    } catch (IOException e) {
      return; // unreadable previous index: nothing is known
    }
    try (index) {
      if (index.indexBytes() != info.get().size()
          || !java.util.HexFormat.of()
              .formatHex(index.computeChecksum())
              .equals(info.get().csumHex())) {
        return;
      }
      if (index instanceof FixedIndexReader f) {
        long size = f.size();
        long cs = f.chunkSize();
        uploader.registerPrevious(index, i -> (int) Math.min(cs, size - i * cs));
      } else if (index instanceof org.jpbs.format.DynamicIndexReader d) {
        uploader.registerPrevious(index, i -> (int) (d.chunkEnd(i) - d.chunkStart(i)));
      }
    }
  }
}
