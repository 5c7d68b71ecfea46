package org.jpbs.datastore.prune;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;

/**
 * What {@link PrunePlan#execute(boolean)} did, one outcome per snapshot, oldest first.
 *
 * @param group the group
 * @param dryRun whether nothing was deleted on purpose
 * @param outcomes per-snapshot outcomes, oldest first
 */
public record PruneReport(BackupGroup group, boolean dryRun, List<Outcome> outcomes) {
  /** Copies the list. */
  public PruneReport {
    Objects.requireNonNull(group, "group");
    outcomes = List.copyOf(outcomes);
  }

  /** What happened to one snapshot. */
  public enum Status {
    /** Kept (its mark keeps it, or no keep option was set). */
    KEPT,
    /** Deleted. */
    REMOVED,
    /** Dry run: would have been deleted. */
    WOULD_REMOVE,
    /** Deletion failed (locked, protected meanwhile, vetoed, I/O error); see the failure. */
    FAILED
  }

  /**
   * One snapshot's outcome.
   *
   * @param snapshot the snapshot
   * @param mark the prune mark
   * @param status what happened
   * @param failure why removal failed ({@code null} unless {@link Status#FAILED})
   */
  public record Outcome(BackupDir snapshot, PruneMark mark, Status status, IOException failure) {
    /** Checks that a failure is present iff the status is FAILED. */
    public Outcome {
      Objects.requireNonNull(snapshot, "snapshot");
      Objects.requireNonNull(mark, "mark");
      Objects.requireNonNull(status, "status");
      if ((status == Status.FAILED) != (failure != null)) {
        throw new IllegalArgumentException("failure must be given iff status is FAILED");
      }
    }

    /** Returns the failure, if any. */
    public Optional<IOException> failureCause() {
      return Optional.ofNullable(failure);
    }

    /** Returns the PBS log line {@code "{would }{mark} {path}"}. */
    public String logLine(boolean dryRun) {
      return (dryRun ? "would " : "") + mark.label() + ' ' + snapshot;
    }
  }

  /** Returns the outcomes with this status. */
  public List<Outcome> with(Status status) {
    return outcomes.stream().filter(o -> o.status() == status).toList();
  }

  /** Returns whether no removal failed. */
  public boolean succeeded() {
    return outcomes.stream().noneMatch(o -> o.status() == Status.FAILED);
  }
}
