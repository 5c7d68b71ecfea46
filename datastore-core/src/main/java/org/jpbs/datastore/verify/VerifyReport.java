package org.jpbs.datastore.verify;

import java.util.List;

/**
 * The outcome of a verify run: per snapshot, in the order verified, and totals.
 *
 * @param upid the task id written into {@code verify_state}
 * @param snapshots per snapshot results
 */
public record VerifyReport(String upid, List<SnapshotVerifyResult> snapshots) {
  /** Chunks read and checked. */
  public long chunks() {
    return snapshots.stream().mapToLong(SnapshotVerifyResult::chunks).sum();
  }

  /** Plain bytes of the chunks checked. */
  public long bytes() {
    return snapshots.stream().mapToLong(SnapshotVerifyResult::bytes).sum();
  }

  /** Corrupt or missing chunk references found (a chunk shared by snapshots counts in each). */
  public long corrupt() {
    return snapshots.stream().mapToLong(SnapshotVerifyResult::corrupt).sum();
  }

  /** Corrupt chunks renamed to {@code .N.bad} by this run. */
  public long renamed() {
    return snapshots.stream().mapToLong(SnapshotVerifyResult::renamed).sum();
  }

  /** All errors. */
  public long errors() {
    return snapshots.stream().mapToLong(SnapshotVerifyResult::errors).sum();
  }

  /** Snapshots that failed. */
  public List<SnapshotVerifyResult> failed() {
    return snapshots.stream().filter(s -> !s.ok()).toList();
  }

  /** True if no snapshot failed. */
  public boolean ok() {
    return failed().isEmpty();
  }
}
