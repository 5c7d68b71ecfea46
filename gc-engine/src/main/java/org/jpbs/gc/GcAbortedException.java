package org.jpbs.gc;

import java.io.IOException;

/**
 * Garbage collection stopped before its sweep could be trusted: nothing was (or will be) unlinked
 * after the condition was found. The message names the file or condition and what to do.
 */
public class GcAbortedException extends IOException {
  private static final long serialVersionUID = 1L;

  public GcAbortedException(String message) {
    super(message);
  }

  public GcAbortedException(String message, Throwable cause) {
    super(message, cause);
  }
}
