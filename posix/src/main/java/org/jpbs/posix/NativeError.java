package org.jpbs.posix;

import java.io.IOException;

/**
 * The one errno translator: turns a failed native call into an {@link IOException} that names the
 * operation, the path, the errno number and its {@code strerror} text.
 *
 * <p>ENOENT is not an error for the callers that treat it as "absent"; they check {@link
 * LibC#ENOENT} before calling {@link #io}.
 */
public final class NativeError {
  private NativeError() {}

  /** An IOException for {@code op} on {@code path} that failed with {@code errno}. */
  public static IOException io(String op, Object path, int errno) {
    return new IOException(
        op + " failed for " + path + " - errno " + errno + " (" + describe(errno) + ")");
  }

  /** The strerror text of {@code errno}, or "errno N" if it cannot be looked up. */
  public static String describe(int errno) {
    if (LibC.AVAILABLE) {
      try {
        String s = LibC.strerror(errno);
        if (s != null) {
          return s;
        }
      } catch (RuntimeException | LinkageError e) {
        // fall through: the number alone still identifies the error
      }
    }
    return "errno " + errno;
  }
}
