package org.jpbs.datastore.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.ProtectedSnapshotException;
import org.jpbs.datastore.RemovalAbortedException;
import org.jpbs.datastore.TestStores;
import org.jpbs.datastore.lock.LockGuard;
import org.jpbs.datastore.lock.LockedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Own prune cases: unfinished and protected combinations, N = 0, ISO weeks, zones, keep-within,
 * apply.
 */
@SuppressWarnings("try") // lock guards and registrations are held for the scope of the try
class PruneSelectorTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  @TempDir Path tmp;
  BackupGroup group;

  @BeforeEach
  void setUp() throws IOException {
    Datastore store = TestStores.create(tmp);
    group = TestStores.group(store, BackupNamespace.root(), BackupType.VM, "100");
  }

  /** Snapshot spec: time, then flags "u" (unfinished) and/or "p" (protected). */
  private void snaps(String... specs) throws IOException {
    for (String s : specs) {
      String[] p = s.split(" ");
      String flags = p.length > 1 ? p[1] : "";
      TestStores.snapshot(group, p[0], !flags.contains("u"), flags.contains("p"));
    }
  }

  /** Marks newest first as "time mark". */
  private List<String> marks(KeepOptions o, ZoneId zone) throws IOException {
    List<String> out = new ArrayList<>();
    for (PruneEntry e : PruneSelector.select(group.listSnapshots(), o, zone)) {
      out.add(e.snapshot().dir().backupTimeString() + " " + e.mark().label());
    }
    return out;
  }

  /** Applies the plan and runs the invariant check; returns the report. */
  private PruneReport apply(KeepOptions o, ZoneId zone) throws IOException {
    Map<String, List<String>> before = PruneInvariants.capture(group);
    PruneReport r = PrunePlan.compute(group, o, zone).execute(false);
    PruneInvariants.check(o.toString(), before, r);
    return r;
  }

  @Test
  void unfinished_onlyNewestOverallIsKeepPartial_othersRemovedBeforeRules() throws IOException {
    snaps(
        "2024-01-01T00:00:00Z u",
        "2024-01-02T00:00:00Z",
        "2024-01-03T00:00:00Z u",
        "2024-01-04T00:00:00Z u");
    assertThat(marks(KeepOptions.none().withLast(10), UTC))
        .containsExactly(
            "2024-01-04T00:00:00Z keep-partial", "2024-01-03T00:00:00Z remove",
            "2024-01-02T00:00:00Z keep", "2024-01-01T00:00:00Z remove");
    apply(KeepOptions.none().withLast(10), UTC);
    assertThat(TestStores.snapshotFiles(group))
        .containsOnlyKeys("2024-01-04T00:00:00Z", "2024-01-02T00:00:00Z");
  }

  @Test
  void unfinished_olderThanAFinished_removedEvenIfNewestOfItsDay() throws IOException {
    snaps("2024-01-01T10:00:00Z u", "2024-01-01T09:00:00Z", "2024-01-02T00:00:00Z");
    assertThat(marks(KeepOptions.none().withDaily(5), UTC))
        .containsExactly(
            "2024-01-02T00:00:00Z keep",
            "2024-01-01T10:00:00Z remove",
            "2024-01-01T09:00:00Z keep");
  }

  @Test
  void protected_overridesUnfinishedRemove_andNeverRemoved() throws IOException {
    snaps("2024-01-01T00:00:00Z up", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z up");
    assertThat(marks(KeepOptions.none().withLast(1), UTC))
        .containsExactly(
            "2024-01-03T00:00:00Z protected",
            "2024-01-02T00:00:00Z keep",
            "2024-01-01T00:00:00Z protected");
    PruneReport r = apply(KeepOptions.none().withLast(1), UTC);
    assertThat(r.with(PruneReport.Status.REMOVED)).isEmpty();
  }

  @Test
  void protected_usesNoSlotAndClaimsNoPeriod() throws IOException {
    snaps("2024-01-02T12:00:00Z p", "2024-01-02T11:00:00Z", "2024-01-01T12:00:00Z");
    assertThat(marks(KeepOptions.none().withDaily(1), UTC))
        .containsExactly(
            "2024-01-02T12:00:00Z protected",
            "2024-01-02T11:00:00Z keep",
            "2024-01-01T12:00:00Z remove");
  }

  @Test
  void zero_stopsRuleAtFirstCandidate_laterRulesStillRun() throws IOException {
    snaps("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z");
    assertThat(marks(KeepOptions.none().withLast(0).withDaily(2), UTC))
        .containsExactly(
            "2024-01-03T00:00:00Z keep",
            "2024-01-02T00:00:00Z keep",
            "2024-01-01T00:00:00Z remove");
    assertThat(marks(KeepOptions.none().withLast(0), UTC)).allMatch(s -> s.endsWith(" remove"));
  }

  @Test
  void noKeepOptions_marksRemoveButApplyingKeepsEverything() throws IOException {
    snaps("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z u");
    assertThat(KeepOptions.none().withLast(0).withDaily(0).keepsSomething()).isFalse();
    for (KeepOptions o : List.of(KeepOptions.none(), KeepOptions.none().withLast(0))) {
      PrunePlan plan = PrunePlan.compute(group, o, UTC);
      assertThat(plan.keepAll()).isTrue();
      assertThat(plan.entries()).extracting(PruneEntry::mark).contains(PruneMark.REMOVE);
      PruneReport r = apply(o, UTC);
      assertThat(r.outcomes()).allMatch(x -> x.status() == PruneReport.Status.KEPT);
    }
    assertThat(TestStores.snapshotFiles(group)).hasSize(2);
  }

  @Test
  void weekly_usesIsoWeekBasedYear_yearlyUsesCalendarYear() throws IOException {
    // 2020-12-31 (Thu) and 2021-01-03 (Sun) are ISO week 2020-53; 2021-01-04 (Mon) is 2021-01
    snaps("2020-12-31T12:00:00Z", "2021-01-03T12:00:00Z", "2021-01-04T12:00:00Z");
    assertThat(marks(KeepOptions.none().withWeekly(2), UTC))
        .containsExactly(
            "2021-01-04T12:00:00Z keep",
            "2021-01-03T12:00:00Z keep",
            "2020-12-31T12:00:00Z remove");
    assertThat(marks(KeepOptions.none().withYearly(2), UTC))
        .containsExactly(
            "2021-01-04T12:00:00Z keep",
            "2021-01-03T12:00:00Z remove",
            "2020-12-31T12:00:00Z keep");
  }

  @Test
  void periods_followTheConfiguredZone() throws IOException {
    snaps("2024-01-01T00:20:00Z", "2024-01-01T00:40:00Z");
    KeepOptions hourly = KeepOptions.none().withHourly(5);
    assertThat(marks(hourly, UTC))
        .containsExactly("2024-01-01T00:40:00Z keep", "2024-01-01T00:20:00Z remove");
    // +05:30: 05:50 and 06:10 local are different hours
    assertThat(marks(hourly, ZoneId.of("Asia/Kolkata"))).allMatch(s -> s.endsWith(" keep"));
    // daily in New York: both on 2023-12-31 local
    assertThat(marks(KeepOptions.none().withDaily(5), ZoneId.of("America/New_York")))
        .containsExactly("2024-01-01T00:40:00Z keep", "2024-01-01T00:20:00Z remove");
  }

  @Test
  void keepWithin_parseAndFormat() {
    assertThat(KeepWithin.parse("1y2m3d4h")).isEqualTo(new KeepWithin(1, 2, 3, 4));
    assertThat(KeepWithin.parse("36h")).isEqualTo(new KeepWithin(0, 0, 0, 36));
    assertThat(KeepWithin.parse("4h1y")).isEqualTo(new KeepWithin(1, 0, 0, 4));
    assertThat(KeepWithin.parse("2d").toString()).isEqualTo("2d");
    for (String bad : List.of("", "1", "y", "1w", "1d1d", "-1d", "1d ", "1.5d")) {
      assertThatThrownBy(() -> KeepWithin.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void keepWithin_anchoredAtNewestStrictlyAfterCutoff_onlyAddsFinished() throws IOException {
    snaps(
        "2024-03-10T12:00:00Z",
        "2024-03-09T13:00:00Z",
        "2024-03-09T12:00:00Z",
        "2024-03-09T11:00:00Z u",
        "2024-03-01T00:00:00Z");
    KeepOptions within = KeepOptions.none().withWithin(KeepWithin.parse("1d"));
    assertThat(within.keepsSomething()).isTrue();
    assertThat(marks(within, UTC))
        .containsExactly(
            "2024-03-10T12:00:00Z keep",
            "2024-03-09T13:00:00Z keep",
            "2024-03-09T12:00:00Z remove",
            "2024-03-09T11:00:00Z remove",
            "2024-03-01T00:00:00Z remove");
    assertThat(marks(KeepOptions.none().withLast(1).withWithin(KeepWithin.parse("1d1h")), UTC))
        .containsExactly(
            "2024-03-10T12:00:00Z keep",
            "2024-03-09T13:00:00Z keep",
            "2024-03-09T12:00:00Z keep",
            "2024-03-09T11:00:00Z remove",
            "2024-03-01T00:00:00Z remove");
    assertThat(KeepWithin.parse("1m").cutoff(Instant.parse("2024-03-31T00:00:00Z"), UTC))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    assertThat(KeepOptions.none().withWithin(KeepWithin.parse("0d")).keepsSomething()).isFalse();
  }

  @Test
  void execute_dryRun_deletesNothingReportsWouldRemove() throws IOException {
    snaps("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z");
    Map<String, List<String>> before = PruneInvariants.capture(group);
    PruneReport r = PrunePlan.compute(group, KeepOptions.none().withLast(1), UTC).execute(true);
    PruneInvariants.check("dry", before, r);
    assertThat(r.outcomes())
        .extracting(o -> o.logLine(true))
        .containsExactly(
            "would remove vm/100/2024-01-01T00:00:00Z",
            "would remove vm/100/2024-01-02T00:00:00Z",
            "would keep vm/100/2024-01-03T00:00:00Z");
    assertThat(TestStores.snapshotFiles(group)).isEqualTo(before);
  }

  @Test
  void execute_lockedSnapshot_failureReportedAndNextOneRemoved() throws Exception {
    snaps(
        "2024-01-01T00:00:00Z",
        "2024-01-02T00:00:00Z",
        "2024-01-03T00:00:00Z",
        "2024-01-04T00:00:00Z");
    BackupDir busy = group.snapshot("2024-01-02T00:00:00Z");
    var reader = Executors.newSingleThreadExecutor();
    try {
      LockGuard shared = reader.submit(() -> busy.lockShared()).get(30, TimeUnit.SECONDS);
      try {
        PruneReport r = apply(KeepOptions.none().withLast(1), UTC);
        assertThat(r.outcomes())
            .extracting(PruneReport.Outcome::status)
            .containsExactly(
                PruneReport.Status.REMOVED,
                PruneReport.Status.FAILED,
                PruneReport.Status.REMOVED,
                PruneReport.Status.KEPT);
        assertThat(r.outcomes().get(1).failureCause()).get().isInstanceOf(LockedException.class);
        assertThat(r.succeeded()).isFalse();
      } finally {
        shared.close();
      }
    } finally {
      reader.shutdownNow();
    }
    assertThat(apply(KeepOptions.none().withLast(1), UTC).with(PruneReport.Status.REMOVED))
        .hasSize(1);
    assertThat(TestStores.snapshotFiles(group)).containsOnlyKeys("2024-01-04T00:00:00Z");
  }

  @Test
  void execute_protectedAfterPlanning_refusedUnderLock() throws IOException {
    snaps("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z");
    PrunePlan plan = PrunePlan.compute(group, KeepOptions.none().withLast(1), UTC);
    group.snapshot("2024-01-01T00:00:00Z").setProtected(true);
    Map<String, List<String>> before = PruneInvariants.capture(group);
    PruneReport r = plan.execute(false);
    PruneInvariants.check("protected meanwhile", before, r);
    assertThat(r.outcomes().get(0).failureCause())
        .get()
        .isInstanceOf(ProtectedSnapshotException.class);
  }

  @Test
  void execute_listenerSeesEveryRemovalAndCanVeto() throws IOException {
    snaps("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z");
    List<String> seen = new ArrayList<>();
    try (var reg =
        group
            .datastore()
            .addRemovalListener(
                (snap, idx) -> {
                  seen.add(snap.backupTimeString());
                  if (snap.backupTimeString().startsWith("2024-01-02")) {
                    throw new IOException("veto");
                  }
                })) {
      PruneReport r = apply(KeepOptions.none().withLast(1), UTC);
      assertThat(r.outcomes().get(1).failureCause())
          .get()
          .isInstanceOf(RemovalAbortedException.class);
    }
    assertThat(seen).containsExactly("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z");
    assertThat(TestStores.snapshotFiles(group))
        .containsOnlyKeys("2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z");
  }

  @Test
  void keepOptions_negativeOrUnknown_rejected() {
    assertThatThrownBy(() -> KeepOptions.none().withDaily(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeepOptions.none().with("keep-minutely", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(KeepOptions.none().with("keep-weekly", 3).weekly()).hasValue(3);
  }
}
