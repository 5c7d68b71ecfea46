package org.jpbs.gc;

/** {@link MarkKillResume} in mark mode {@code atime}. */
class GcResumeAtimeMarkIT extends MarkKillResume {
  @Override
  GcOptions.MarkMode mode() {
    return GcOptions.MarkMode.ATIME;
  }
}
