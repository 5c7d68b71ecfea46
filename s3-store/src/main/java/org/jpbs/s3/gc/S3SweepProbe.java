package org.jpbs.s3.gc;

/** Observes the S3 sweep at its steps (tests: kill points); production uses {@link #NONE}. */
@FunctionalInterface
public interface S3SweepProbe {
  S3SweepProbe NONE = step -> {};

  /** The steps, in the order one batch passes them. */
  enum Step {
    /** A listing page was received, before its objects are decided. */
    PAGE_LISTED,
    /** A batch's prefixes are locked and its local files unlinked; its DeleteObjects is next. */
    BATCH_LOCKED,
    /** A batch's DeleteObjects returned, its prefixes still locked. */
    BATCH_DELETED
  }

  void at(Step step);
}
