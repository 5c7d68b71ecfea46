package org.jpbs.gc.reliability;

/** Slice 2 of {@link CrashPoints}: a quarter of the kill points, on a store of its own. */
class Crash2IT extends CrashPoints {
  @Override
  int slice() {
    return 2;
  }
}
