package org.jpbs.datastore.prune;

import java.util.Objects;
import org.jpbs.datastore.SnapshotInfo;

/**
 * One snapshot and its prune mark.
 *
 * @param snapshot the snapshot as listed
 * @param mark the decision
 */
public record PruneEntry(SnapshotInfo snapshot, PruneMark mark) {
  /** Checks for nulls. */
  public PruneEntry {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(mark, "mark");
  }
}
