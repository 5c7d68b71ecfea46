package org.jpbs.datastore.backup;

import java.io.IOException;

/**
 * A backup cannot start or finish for a reason of the datastore's state, not of I/O: wrong owner, a
 * backup time not after the last snapshot's ({@link BackupTimeRejectedException}), the base
 * snapshot vanished during the session.
 */
public class BackupRejectedException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the group or snapshot and the rule
   */
  public BackupRejectedException(String message) {
    super(message);
  }
}
