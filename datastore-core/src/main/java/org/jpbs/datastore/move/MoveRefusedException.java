package org.jpbs.datastore.move;

import java.io.IOException;

/**
 * A move that PBS's checks refuse (a hard failure: retrying without a change cannot succeed): same
 * namespace, missing source or target namespace, an existing target without merging, the merge
 * invariant, a protected snapshot, the depth limit. The message is one line naming the group or
 * namespace; nothing was moved by the step that refused.
 */
public final class MoveRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A refusal with its one-line reason. */
  public MoveRefusedException(String message) {
    super(message);
  }
}
