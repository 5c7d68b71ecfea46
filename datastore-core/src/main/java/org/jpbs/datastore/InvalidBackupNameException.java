package org.jpbs.datastore;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A directory in the datastore tree has a name that the PBS rules do not accept where it was found
 * (e.g. a child of an {@code ns/} directory that is not a SAFE_ID, or a snapshot directory that
 * matches the time regex but is not a valid date).
 */
public final class InvalidBackupNameException extends FileSystemException {
  /**
   * Creates the exception.
   *
   * @param path the offending entry
   * @param reason which rule the name breaks
   */
  public InvalidBackupNameException(Path path, String reason) {
    super(path.toString(), null, reason);
  }
}
