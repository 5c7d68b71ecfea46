package org.jpbs.gc.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state directories open in this JVM: LMDB forbids opening one environment twice in a process.
 */
final class OpenDirs {
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  private OpenDirs() {}

  /** Opens something over {@code real}. */
  @FunctionalInterface
  interface Opener<T> {
    T open() throws IOException;
  }

  /**
   * Registers {@code real} and runs {@code opener}; unregisters it again if that fails.
   *
   * @throws IllegalStateException if {@code real} is already open in this JVM
   */
  static <T> T openOnce(Path real, Opener<T> opener) throws GcStateException {
    if (!OPEN.add(real)) {
      throw new IllegalStateException(
          "GC state " + real + " is already open in this process; share the instance");
    }
    try {
      return opener.open();
    } catch (GcStateException | RuntimeException e) {
      OPEN.remove(real);
      throw e;
    } catch (IOException e) {
      OPEN.remove(real);
      throw new GcStateException(real, "cannot read this process's identity from /proc", e);
    }
  }

  static void closed(Path real) {
    OPEN.remove(real);
  }
}
