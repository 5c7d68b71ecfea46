package org.jpbs.datastore.lock;

/** How a backup lock is held: {@code flock(LOCK_SH)} or {@code flock(LOCK_EX)}. */
public enum LockMode {
  /** Many holders at once (readers, verify, a backup's base snapshot). */
  SHARED,
  /** One holder (backup writer, prune/forget, protection change, group operations). */
  EXCLUSIVE
}
