package org.jpbs.s3;

/** An S3 operation that failed for good; the message is one line naming the object key. */
public final class S3StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int httpStatus;

  public S3StoreException(String message, int httpStatus, Throwable cause) {
    super(oneLine(message), cause);
    this.httpStatus = httpStatus;
  }

  /** The HTTP status of the last response, or -1 when none arrived (transport failure). */
  public int httpStatus() {
    return httpStatus;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").strip();
  }
}
