package org.jpbs.gc.markset;

/**
 * Where one spilled run lives in the {@link SpillFile}: its byte position, its partition group and
 * its record count. Everything else (partition starts, checksums) is read back from the run's
 * header, so memory per run stays at this record.
 */
record SpilledRun(long position, int group, int count) {}
