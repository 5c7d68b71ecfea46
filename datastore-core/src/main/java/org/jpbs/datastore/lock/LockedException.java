package org.jpbs.datastore.lock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jpbs.chunkstore.LockContentionException;

/**
 * A backup lock is held by another operation (another thread or process), so it could not be
 * acquired within the allowed wait.
 *
 * <p>Callers that want "try later" semantics catch this type (or its base {@link
 * LockContentionException}); every other {@link java.io.IOException} means the lock machinery
 * itself failed.
 */
public final class LockedException extends LockContentionException {
  private static final long serialVersionUID = 1L;

  private final String what;

  /**
   * Creates the exception.
   *
   * @param what what was being locked, e.g. {@code "snapshot vm/100/2024-01-01T00:00:00Z"}
   * @param lockFile the lock file
   * @param mode the requested mode
   * @param waited how long the caller waited ({@link Duration#ZERO} for non-blocking)
   * @param detail extra reason, or {@code null}
   */
  public LockedException(
      String what, Path lockFile, LockMode mode, Duration waited, String detail) {
    super(
        message(what, Objects.requireNonNull(lockFile, "lockFile"), mode, waited, detail),
        lockFile,
        null);
    this.what = Objects.requireNonNull(what, "what");
  }

  private static String message(
      String what, Path file, LockMode mode, Duration waited, String detail) {
    StringBuilder sb =
        new StringBuilder("unable to acquire ")
            .append(mode == LockMode.SHARED ? "shared" : "exclusive")
            .append(" lock on ")
            .append(what)
            .append(" - locked by another operation");
    if (!waited.isZero()) {
      sb.append(" (waited ").append(waited.toMillis()).append(" ms)");
    }
    if (detail != null) {
      sb.append(" - ").append(detail);
    }
    return sb.append(" (lock file ").append(file).append(')').toString();
  }

  /** Returns a description of what was being locked. */
  public String what() {
    return what;
  }
}
