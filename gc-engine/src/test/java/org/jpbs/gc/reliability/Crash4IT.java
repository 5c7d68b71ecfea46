package org.jpbs.gc.reliability;

/** Slice 4 of {@link CrashPoints}: a quarter of the kill points, on a store of its own. */
class Crash4IT extends CrashPoints {
  @Override
  int slice() {
    return 4;
  }
}
