package org.jpbs.format;

import java.io.IOException;
import java.util.Objects;

/**
 * A file's bytes contradict its format: bad length, checksum mismatch, inconsistent header.
 *
 * <p>Always names the resource (usually a path) and the byte offset where the contradiction was
 * found; {@link #expected()} and {@link #actual()} carry the two sides when there are two.
 */
public class CorruptFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String resource;
  private final long offset;
  private final String expected;
  private final String actual;

  /**
   * @param resource the file (path or description)
   * @param offset byte offset of the inconsistency, or -1 if it concerns the whole file
   * @param what short description, e.g. "index csum mismatch"
   * @param expected expected value (rendered with {@code String.valueOf}), may be null
   * @param actual actual value, may be null
   */
  public CorruptFileException(
      String resource, long offset, String what, Object expected, Object actual) {
    super(message(resource, offset, what, expected, actual));
    this.resource = Objects.requireNonNull(resource, "resource");
    this.offset = offset;
    this.expected = expected == null ? null : String.valueOf(expected);
    this.actual = actual == null ? null : String.valueOf(actual);
  }

  /** A corruption without an expected/actual pair. */
  public CorruptFileException(String resource, long offset, String what) {
    this(resource, offset, what, null, null);
  }

  /** As {@link #CorruptFileException(String, long, String)}, with the underlying cause. */
  public CorruptFileException(String resource, long offset, String what, Throwable cause) {
    this(resource, offset, what, null, null);
    initCause(cause);
  }

  private static String message(
      String resource, long offset, String what, Object expected, Object actual) {
    StringBuilder sb = new StringBuilder(what);
    if (expected != null || actual != null) {
      sb.append(": expected ").append(expected).append(", got ").append(actual);
    }
    sb.append(" (resource=").append(resource);
    if (offset >= 0) {
      sb.append(", offset=").append(offset);
    }
    return sb.append(')').toString();
  }

  /** The file or description the corruption was found in. */
  public String resource() {
    return resource;
  }

  /** Byte offset of the inconsistency, or -1 when it concerns the whole file. */
  public long offset() {
    return offset;
  }

  /** The expected value, or null. */
  public String expected() {
    return expected;
  }

  /** The value found, or null. */
  public String actual() {
    return actual;
  }
}
