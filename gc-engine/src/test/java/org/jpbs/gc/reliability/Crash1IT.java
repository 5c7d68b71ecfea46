package org.jpbs.gc.reliability;

/** Slice 1 of {@link CrashPoints}: a quarter of the kill points, on a store of its own. */
class Crash1IT extends CrashPoints {
  @Override
  int slice() {
    return 1;
  }
}
