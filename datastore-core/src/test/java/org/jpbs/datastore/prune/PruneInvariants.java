package org.jpbs.datastore.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.TestStores;

/**
 * Invariant check run at the end of every prune test: kept snapshots (and every file in them) still
 * exist unchanged, removed ones are gone, protected ones are untouched, nothing appeared.
 */
final class PruneInvariants {
  private PruneInvariants() {}

  /** Captures the group's snapshot directories and their files before pruning. */
  static Map<String, List<String>> capture(BackupGroup group) throws IOException {
    return TestStores.snapshotFiles(group);
  }

  static void check(String context, Map<String, List<String>> before, PruneReport report)
      throws IOException {
    Map<String, List<String>> after = TestStores.snapshotFiles(report.group());
    assertThat(after.keySet()).as(context + ": no snapshot appeared").isSubsetOf(before.keySet());
    assertThat(report.outcomes()).as(context + ": one outcome per snapshot").hasSize(before.size());
    long previous = Long.MIN_VALUE;
    for (PruneReport.Outcome o : report.outcomes()) {
      String time = o.snapshot().backupTimeString();
      String what = context + ": " + o.logLine(report.dryRun()) + " [" + o.status() + "]";
      assertThat(o.snapshot().backupTime()).as(what + " oldest first").isGreaterThan(previous);
      previous = o.snapshot().backupTime();
      if (o.mark() == PruneMark.PROTECTED) {
        assertThat(o.status()).as(what).isEqualTo(PruneReport.Status.KEPT);
      }
      if (o.status() == PruneReport.Status.REMOVED) {
        assertThat(after).as(what + " is gone").doesNotContainKey(time);
        assertThat(o.mark()).as(what).isEqualTo(PruneMark.REMOVE);
      } else {
        assertThat(after.get(time))
            .as(what + " still has all its files")
            .isEqualTo(before.get(time));
      }
      if (report.dryRun()) {
        assertThat(o.status())
            .as(what)
            .isIn(PruneReport.Status.KEPT, PruneReport.Status.WOULD_REMOVE);
      }
    }
    if (!after.isEmpty()) {
      assertThat(report.group().owner())
          .as(context + ": owner kept while snapshots remain")
          .isNotEmpty();
    }
  }
}
