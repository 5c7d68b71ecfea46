package org.jpbs.gc;

import java.io.IOException;
import java.nio.file.Path;
import org.jpbs.gc.state.IndexIdentity;

/**
 * Remembers which index files a run has marked, so a resumed run can skip them.
 *
 * <p>The identity is taken <em>before</em> the file is opened and recorded after its last touch: if
 * the file is replaced in between, the recorded identity is the old one and a resume marks the new
 * file again.
 */
interface MarkCheckpointer {
  /**
   * The file's current identity, or null when this checkpointer records nothing.
   *
   * @throws java.nio.file.NoSuchFileException if the file vanished
   */
  IndexIdentity identify(Path index) throws IOException;

  /** True if this identity was marked by the run being resumed. */
  boolean alreadyMarked(IndexIdentity id) throws IOException;

  /** Records that the file with this identity is fully marked. */
  void marked(IndexIdentity id) throws IOException;

  /** Makes recorded progress durable. */
  void flush() throws IOException;

  /** No checkpointing (dry runs). */
  MarkCheckpointer NONE =
      new MarkCheckpointer() {
        @Override
        public IndexIdentity identify(Path index) {
          return null;
        }

        @Override
        public boolean alreadyMarked(IndexIdentity id) {
          return false;
        }

        @Override
        public void marked(IndexIdentity id) {}

        @Override
        public void flush() {}
      };
}
