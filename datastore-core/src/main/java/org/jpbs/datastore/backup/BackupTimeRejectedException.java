package org.jpbs.datastore.backup;

/**
 * The backup time is not after the group's newest finished snapshot (PBS: "backup timestamp is
 * older than last backup"), e.g. a second backup of the group in the same second.
 */
public final class BackupTimeRejectedException extends BackupRejectedException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the backup time and the existing snapshot
   */
  public BackupTimeRejectedException(String message) {
    super(message);
  }
}
