package org.jpbs.datastore.move;

import java.io.IOException;

/**
 * Test seam: called at every step of a move that changes the datastore, right after it, so a kill
 * test can stop the process between any two steps. Production uses {@link #NONE}.
 */
@FunctionalInterface
interface MoveProbe {
  /** A step just happened, e.g. {@code "renamed vm/1/2024-..."}. */
  void after(String step) throws IOException;

  /** Does nothing. */
  MoveProbe NONE = step -> {};
}
