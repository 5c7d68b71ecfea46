package org.jpbs.datastore.sync;

import java.io.IOException;

/**
 * Test seam: called right after every step of a sync that changes the target, so a kill test can
 * stop the process between any two steps. Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface SyncProbe {
  /** A step just happened, e.g. {@code "chunk vm/1/2024-...: 3f2a..."}. */
  void after(String step) throws IOException;

  /** Does nothing. */
  SyncProbe NONE = step -> {};
}
