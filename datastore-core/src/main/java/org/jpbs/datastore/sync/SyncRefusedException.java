package org.jpbs.datastore.sync;

import java.io.IOException;

/** A sync refused a group or the whole run before changing it (owner check, depth, same store). */
public final class SyncRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  public SyncRefusedException(String message) {
    super(message);
  }
}
