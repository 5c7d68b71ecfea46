package org.jpbs.gc.reliability;

/** Slice 3 of {@link CrashPoints}: a quarter of the kill points, on a store of its own. */
class Crash3IT extends CrashPoints {
  @Override
  int slice() {
    return 3;
  }
}
