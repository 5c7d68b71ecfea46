package org.jpbs.gc;

/** {@link MarkKillResume} in mark mode {@code set}. */
class GcResumeSetMarkIT extends MarkKillResume {
  @Override
  GcOptions.MarkMode mode() {
    return GcOptions.MarkMode.SET;
  }
}
