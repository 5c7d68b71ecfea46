package org.jpbs.datastore.verify;

import java.util.List;
import org.jpbs.datastore.BackupDir;

/**
 * The outcome of verifying one snapshot.
 *
 * @param snapshot the snapshot
 * @param status what happened
 * @param chunks chunks read and checked for this snapshot (chunks verified earlier in the job are
 *     not re-read)
 * @param bytes plain bytes of those chunks
 * @param corrupt chunks found corrupt or missing (including ones already known corrupt in this job)
 * @param errors all errors (corrupt chunks, wrong crypt mode, I/O, file-level mismatches)
 * @param messages error descriptions (at most 100), each naming the file or chunk
 * @param manifestUpdated whether {@code verify_state} was written
 * @param renamed corrupt chunks this snapshot's check renamed to {@code .N.bad} (a missing chunk is
 *     corrupt but has nothing to rename)
 */
public record SnapshotVerifyResult(
    BackupDir snapshot,
    Status status,
    long chunks,
    long bytes,
    long corrupt,
    long errors,
    List<String> messages,
    boolean manifestUpdated,
    long renamed) {

  /** A result that renamed nothing. */
  public SnapshotVerifyResult(
      BackupDir snapshot,
      Status status,
      long chunks,
      long bytes,
      long corrupt,
      long errors,
      List<String> messages,
      boolean manifestUpdated) {
    this(snapshot, status, chunks, bytes, corrupt, errors, messages, manifestUpdated, 0);
  }

  /** Per-snapshot status. */
  public enum Status {
    /** Everything checked out; {@code verify_state} ok. */
    OK,
    /**
     * At least one file failed; {@code verify_state} failed (unless the manifest was unreadable).
     */
    FAILED,
    /** Skipped: the snapshot lock was held exclusively elsewhere (counts as ok, as in PBS). */
    SKIPPED_LOCKED,
    /** Skipped: verified recently enough (ignore-verified / outdated-after). */
    SKIPPED_VERIFIED,
    /** Skipped: the directory no longer exists. */
    SKIPPED_GONE
  }

  /** True unless the status is {@link Status#FAILED}. */
  public boolean ok() {
    return status != Status.FAILED;
  }
}
