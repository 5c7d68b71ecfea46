package org.jpbs.datastore;

import java.nio.file.FileSystemException;

/** A snapshot carries the {@code .protected} marker, so it must not be removed. */
public final class ProtectedSnapshotException extends FileSystemException {
  /** Creates the exception for the snapshot directory {@code snapshotPath}. */
  public ProtectedSnapshotException(String snapshotPath) {
    super(snapshotPath, null, "cannot remove protected snapshot");
  }
}
