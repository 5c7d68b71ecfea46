package org.jpbs.datastore.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** The running totals of one sync, updated by every worker; {@link #report} freezes them. */
final class SyncCounters {
  final LongAdder snapshotsCopied = new LongAdder();
  final LongAdder snapshotsResynced = new LongAdder();
  final LongAdder snapshotsSkipped = new LongAdder();
  final LongAdder snapshotsVanished = new LongAdder();
  final LongAdder snapshotsRemoved = new LongAdder();
  final LongAdder groupsRemoved = new LongAdder();
  final LongAdder namespacesRemoved = new LongAdder();
  final LongAdder protectedKept = new LongAdder();
  final LongAdder chunksCopied = new LongAdder();
  final LongAdder chunksSkipped = new LongAdder();
  final LongAdder bytesCopied = new LongAdder();
  final LongAdder bytesSkipped = new LongAdder();
  final LongAdder encodedBytesCopied = new LongAdder();
  private final List<String> failures = new ArrayList<>();
  private Exception firstFailure;

  synchronized void fail(String what, Exception e) {
    failures.add(what + ": " + e.getMessage());
    if (firstFailure == null) {
      firstFailure = e;
    }
  }

  /** True once a group, snapshot or removal failed. */
  synchronized boolean failed() {
    return !failures.isEmpty();
  }

  /** Archive bytes processed so far (copied or skipped), for progress. */
  long bytesDone() {
    return bytesCopied.sum() + bytesSkipped.sum();
  }

  synchronized SyncReport report(int groups, Duration elapsed) {
    return new SyncReport(
        groups,
        snapshotsCopied.sum(),
        snapshotsResynced.sum(),
        snapshotsSkipped.sum(),
        snapshotsVanished.sum(),
        snapshotsRemoved.sum(),
        groupsRemoved.sum(),
        namespacesRemoved.sum(),
        protectedKept.sum(),
        chunksCopied.sum(),
        chunksSkipped.sum(),
        bytesCopied.sum(),
        bytesSkipped.sum(),
        encodedBytesCopied.sum(),
        elapsed,
        failures,
        firstFailure);
  }
}
