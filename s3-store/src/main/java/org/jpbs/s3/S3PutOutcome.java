package org.jpbs.s3;

/** The result of a no-replace upload ({@code If-None-Match: *}). */
public enum S3PutOutcome {
  /** The object was written by this call. */
  CREATED,
  /** HTTP 412: an object with this key already existed; it was left unchanged. */
  ALREADY_PRESENT
}
