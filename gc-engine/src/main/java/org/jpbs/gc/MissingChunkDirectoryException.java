package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A chunk prefix directory ({@code .chunks/XXXX}) that every datastore has is missing: the store
 * was damaged or copied incompletely. GC stops before touching anything (PBS fails there too).
 */
public final class MissingChunkDirectoryException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path directory;

  public MissingChunkDirectoryException(Path directory, Throwable cause) {
    super("chunk directory " + directory + " is missing; the datastore is incomplete", cause);
    this.directory = directory;
  }

  /** The missing directory. */
  public Path directory() {
    return directory;
  }
}
