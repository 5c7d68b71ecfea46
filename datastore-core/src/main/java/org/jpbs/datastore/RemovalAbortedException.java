package org.jpbs.datastore;

import java.io.IOException;

/** A {@link SnapshotRemovalListener} vetoed a removal; nothing of the snapshot was deleted. */
public final class RemovalAbortedException extends IOException {
  /** Creates the exception; {@code cause} is what the listener threw. */
  public RemovalAbortedException(String snapshot, IOException cause) {
    super(
        "removal of snapshot " + snapshot + " aborted by removal listener: " + cause.getMessage(),
        cause);
  }
}
