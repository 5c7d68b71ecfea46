package org.jpbs.chunkstore;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An operation that writes was asked of a datastore on a read-only mount (e.g. the read-only mount
 * of an offsite copy). Thrown before anything is written; reading works on such a store.
 */
public final class ReadOnlyStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path base;

  /**
   * @param base the datastore base directory
   * @param operation what needed write access, e.g. {@code "backup"} or {@code "insert chunk"}
   */
  public ReadOnlyStoreException(Path base, String operation) {
    super(
        "datastore "
            + base
            + " is on a read-only filesystem: "
            + operation
            + " needs write access; nothing was changed");
    this.base = base;
  }

  /** The datastore base directory. */
  public Path base() {
    return base;
  }
}
