package org.jpbs.gc.state;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The GC state database could not be opened, read or written.
 *
 * <p>Every LMDB failure (lmdbjava's unchecked {@code LmdbException} family) is caught at the {@link
 * GcStateStore} boundary and rethrown as this type, so no lmdbjava type escapes. The message names
 * the state directory.
 */
public class GcStateException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path resource;

  /** Creates an exception about {@code resource} (the state directory or a file in it). */
  public GcStateException(Path resource, String message) {
    super(message + " (resource=" + resource + ")");
    this.resource = resource;
  }

  /** Creates an exception about {@code resource} caused by {@code cause}. */
  public GcStateException(Path resource, String message, Throwable cause) {
    super(message + " (resource=" + resource + "): " + cause, cause);
    this.resource = resource;
  }

  /** The state directory or file this error is about. */
  public Path resource() {
    return resource;
  }
}
