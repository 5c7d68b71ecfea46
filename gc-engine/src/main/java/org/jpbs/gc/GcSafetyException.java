package org.jpbs.gc;

/**
 * Garbage collection refused to start because it could not be sure to keep every referenced chunk:
 * another GC runs, a process it cannot see holds the store lock, or the filesystem ignores atime
 * updates. Nothing was touched or unlinked.
 */
public class GcSafetyException extends GcAbortedException {
  private static final long serialVersionUID = 1L;

  public GcSafetyException(String message) {
    super(message);
  }

  public GcSafetyException(String message, Throwable cause) {
    super(message, cause);
  }
}
