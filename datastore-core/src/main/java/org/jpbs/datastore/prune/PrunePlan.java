package org.jpbs.datastore.prune;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.SnapshotInfo;

/**
 * The prune decision for one group (plan) and its application (execute), split as in restic.
 *
 * <p>Applying follows the PBS prune job (spec §5.3): a snapshot is removed iff {@code !(keepAll ||
 * mark.keep())}, where {@code keepAll = !options.keepsSomething()}; removal goes oldest first
 * through {@link BackupDir#destroy(boolean) destroy(false)} (exclusive snapshot lock without
 * waiting, manifest lock, protection check, removal listeners, delete, and removal of a group left
 * empty); a failure is recorded for that snapshot and the next one is processed.
 */
public final class PrunePlan {
  private final BackupGroup group;
  private final List<PruneEntry> entries;
  private final boolean keepAll;

  private PrunePlan(BackupGroup group, List<PruneEntry> entries, boolean keepAll) {
    this.group = group;
    this.entries = entries;
    this.keepAll = keepAll;
  }

  /** Lists {@code group} and marks its snapshots with {@link PruneSelector}. */
  public static PrunePlan compute(BackupGroup group, KeepOptions options, ZoneId zone)
      throws IOException {
    Objects.requireNonNull(group, "group");
    return of(group, group.listSnapshots(), options, zone);
  }

  /** Marks an already listed snapshot list of {@code group}. */
  public static PrunePlan of(
      BackupGroup group, List<SnapshotInfo> snapshots, KeepOptions options, ZoneId zone) {
    for (SnapshotInfo s : snapshots) {
      if (!s.dir().group().equals(group)) {
        throw new IllegalArgumentException("snapshot " + s.dir() + " is not in group " + group);
      }
    }
    List<PruneEntry> marks = PruneSelector.select(snapshots, options, zone);
    return new PrunePlan(group, Collections.unmodifiableList(marks), !options.keepsSomething());
  }

  /** Returns the group. */
  public BackupGroup group() {
    return group;
  }

  /** Returns every snapshot with its mark, newest first. */
  public List<PruneEntry> entries() {
    return entries;
  }

  /** Returns whether no keep option is set, so nothing is removed whatever the marks. */
  public boolean keepAll() {
    return keepAll;
  }

  /** Returns whether applying the plan removes this entry's snapshot. */
  public boolean removes(PruneEntry e) {
    return !(keepAll || e.mark().keep());
  }

  /**
   * The mark a report shows: with no keep option every snapshot is kept, so a {@code remove} mark
   * of the selector (which PBS computes and then ignores) reads as {@code keep}.
   */
  private PruneMark reported(PruneMark mark) {
    return keepAll && mark == PruneMark.REMOVE ? PruneMark.KEEP : mark;
  }

  /**
   * Applies the plan, oldest first. With no keep option set ({@link #keepAll()}) every outcome is
   * {@link PruneReport.Status#KEPT} and shows a keeping mark.
   *
   * @param dryRun only report what would be removed
   * @return one outcome per snapshot, oldest first
   * @throws InterruptedIOException if the thread was interrupted (the report so far is lost;
   *     snapshots already removed stay removed)
   */
  public PruneReport execute(boolean dryRun) throws InterruptedIOException {
    List<PruneReport.Outcome> out = new ArrayList<>(entries.size());
    for (int i = entries.size() - 1; i >= 0; i--) {
      PruneEntry e = entries.get(i);
      BackupDir dir = e.snapshot().dir();
      if (!removes(e)) {
        out.add(new PruneReport.Outcome(dir, reported(e.mark()), PruneReport.Status.KEPT, null));
      } else if (dryRun) {
        out.add(new PruneReport.Outcome(dir, e.mark(), PruneReport.Status.WOULD_REMOVE, null));
      } else {
        try {
          dir.destroy(false);
          out.add(new PruneReport.Outcome(dir, e.mark(), PruneReport.Status.REMOVED, null));
        } catch (InterruptedIOException stop) {
          throw stop;
        } catch (IOException failed) {
          out.add(new PruneReport.Outcome(dir, e.mark(), PruneReport.Status.FAILED, failed));
        }
      }
    }
    return new PruneReport(group, dryRun, out);
  }
}
