package org.jpbs.datastore.sync;

import java.time.Duration;
import java.util.List;

/**
 * What a sync did (or, dry run, would do).
 *
 * @param groups source groups selected (after namespace depth and group filter)
 * @param snapshotsCopied snapshots copied (dry run: to copy), resyncs included
 * @param snapshotsResynced of those, corrupt target snapshots copied again
 * @param snapshotsSkipped source snapshots the target already had (not newer than its last)
 * @param snapshotsVanished source snapshots removed (or busy) while the sync ran: skipped
 * @param snapshotsRemoved target snapshots removed by remove-vanished (dry run: to remove)
 * @param groupsRemoved target groups removed by remove-vanished (dry run: to remove)
 * @param namespacesRemoved target namespaces removed by remove-vanished (dry run: to remove)
 * @param protectedKept target snapshots remove-vanished kept because they are protected
 * @param chunksCopied chunks read from the source and inserted into the target
 * @param chunksSkipped chunks the target already had (touched, not copied)
 * @param bytesCopied archive data bytes of the copied chunks (uncompressed)
 * @param bytesSkipped archive data bytes of the skipped chunks (uncompressed)
 * @param encodedBytesCopied bytes of chunk blobs written to the target (as stored)
 * @param elapsed wall time of the run
 * @param failures one line per group or snapshot that failed; the others were synced
 * @param firstFailure the first failure's exception (for an exit code), or null
 */
public record SyncReport(
    int groups,
    long snapshotsCopied,
    long snapshotsResynced,
    long snapshotsSkipped,
    long snapshotsVanished,
    long snapshotsRemoved,
    long groupsRemoved,
    long namespacesRemoved,
    long protectedKept,
    long chunksCopied,
    long chunksSkipped,
    long bytesCopied,
    long bytesSkipped,
    long encodedBytesCopied,
    Duration elapsed,
    List<String> failures,
    Exception firstFailure) {
  public SyncReport {
    failures = List.copyOf(failures);
  }

  /** True if no group or snapshot failed. */
  public boolean ok() {
    return failures.isEmpty();
  }
}
