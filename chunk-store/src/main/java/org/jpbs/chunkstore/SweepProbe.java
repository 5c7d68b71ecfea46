package org.jpbs.chunkstore;

/**
 * An observer the directory sweepers call between classifying an entry for removal and unlinking
 * it, on the sweep thread, while the directory's exclusive chunk lock is held. Production sweeps
 * use {@link #NONE}; tests in this package inject one through {@link SweepRequest#withProbe} to
 * check that the lock is held or to widen the race window the chunk locks close.
 */
@FunctionalInterface
interface SweepProbe {
  /** Does nothing. */
  SweepProbe NONE = prefix -> {};

  /** Called right before an entry of directory {@code prefix} is unlinked. */
  void beforeUnlink(int prefix);
}
