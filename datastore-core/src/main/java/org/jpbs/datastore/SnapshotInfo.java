package org.jpbs.datastore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot as one listing saw it (PBS {@code BackupInfo}): its file list captured at listing
 * time, whether it is finished ({@code index.json.blob} listed) and protected.
 */
public final class SnapshotInfo {
  private final BackupDir dir;
  private final List<String> files;
  private final boolean protectedFlag;

  /**
   * Creates the info.
   *
   * @param dir the snapshot
   * @param files the regular files matching BACKUP_FILE_REGEX
   * @param isProtected whether a {@code .protected} marker exists
   */
  public SnapshotInfo(BackupDir dir, List<String> files, boolean isProtected) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.files = List.copyOf(files);
    this.protectedFlag = isProtected;
  }

  static boolean isIndexName(String name) {
    return name.endsWith(".fidx") || name.endsWith(".didx");
  }

  /** Returns the snapshot. */
  public BackupDir dir() {
    return dir;
  }

  /** Returns the captured file names (readdir order). */
  public List<String> files() {
    return files;
  }

  /** Returns whether the manifest was present, i.e. the backup finished. */
  public boolean isFinished() {
    return files.contains(BackupDir.MANIFEST_BLOB_NAME);
  }

  /** Returns whether the snapshot was protected. */
  public boolean isProtected() {
    return protectedFlag;
  }

  /** Returns the backup time in epoch seconds. */
  public long backupTime() {
    return dir.backupTime();
  }

  /** Returns the absolute paths of the captured {@code .fidx}/{@code .didx} files. */
  public List<Path> indexFiles() {
    List<Path> out = new ArrayList<>();
    for (String f : files) {
      if (isIndexName(f)) {
        out.add(dir.fullPath().resolve(f));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return dir + (isFinished() ? "" : " (unfinished)") + (protectedFlag ? " (protected)" : "");
  }
}
