package org.jpbs.datastore.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.SnapshotInfo;
import org.jpbs.datastore.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded property test of prune (no jqwik): the selector against an independent reference model of
 * spec §5.2, plus idempotence, protection, the unfinished rule and keep-within monotonicity; a
 * subset of seeds is applied to a real tree with the invariant check. Reproduce one seed with
 * {@code -Djpbs.prune.seed=<seed>} (the seed is in the test name and every assertion message).
 */
class PruneRandomizedTest {
  private static final long BASE_SEED = Long.getLong("jpbs.prune.seed", 20261124L);
  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          ZoneId.of("Europe/Vienna"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Asia/Kolkata"),
          ZoneId.of("Pacific/Kiritimati"),
          ZoneId.of("Australia/Lord_Howe"));

  @TempDir Path tmp;

  static LongStream pureSeeds() {
    return System.getProperty("jpbs.prune.seed") != null
        ? LongStream.of(BASE_SEED)
        : LongStream.range(0, 400).map(i -> BASE_SEED + i);
  }

  static LongStream appliedSeeds() {
    return System.getProperty("jpbs.prune.seed") != null
        ? LongStream.of(BASE_SEED)
        : LongStream.range(0, 25).map(i -> BASE_SEED + 10_000 + i);
  }

  /** A generated scenario. */
  private record Scenario(List<Snap> snaps, KeepOptions options, ZoneId zone) {}

  private record Snap(long epoch, boolean finished, boolean isProtected) {}

  private static Scenario scenario(long seed) {
    Random rnd = new Random(seed);
    int n = rnd.nextInt(31);
    long t =
        LocalDateTime.of(2019, 1, 1, 0, 0).toEpochSecond(java.time.ZoneOffset.UTC)
            + rnd.nextInt(86400 * 365);
    List<Snap> snaps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(4);
      long gap =
          switch (kind) {
            case 0 -> 60L * (1 + rnd.nextInt(59));
            case 1 -> 3600L * (1 + rnd.nextInt(30));
            case 2 -> 86400L * (1 + rnd.nextInt(10));
            default -> 7 * 86400L * (1 + rnd.nextInt(8));
          };
      t += gap;
      snaps.add(new Snap(t, rnd.nextInt(100) < 85, rnd.nextInt(100) < 10));
    }
    KeepOptions o = KeepOptions.none();
    for (String name :
        List.of(
            "keep-last",
            "keep-hourly",
            "keep-daily",
            "keep-weekly",
            "keep-monthly",
            "keep-yearly")) {
      if (rnd.nextInt(100) < 40) {
        o = o.with(name, rnd.nextInt(5));
      }
    }
    if (rnd.nextInt(100) < 25) {
      o =
          o.withWithin(
              new KeepWithin(rnd.nextInt(2), rnd.nextInt(3), rnd.nextInt(10), rnd.nextInt(48)));
    }
    return new Scenario(snaps, o, ZONES.get(rnd.nextInt(ZONES.size())));
  }

  private List<SnapshotInfo> infos(BackupGroup g, List<Snap> snaps) {
    List<SnapshotInfo> out = new ArrayList<>();
    for (Snap s : snaps) {
      List<String> files =
          s.finished() ? List.of("a.fidx", BackupDir.MANIFEST_BLOB_NAME) : List.of("a.fidx");
      out.add(new SnapshotInfo(g.snapshot(s.epoch()), files, s.isProtected()));
    }
    java.util.Collections.shuffle(out, new Random(snaps.size()));
    return out;
  }

  // ---- reference model of spec §5.2, written independently of PruneSelector ----

  private static String isoWeek(LocalDate d) {
    LocalDate thursday = d.plusDays(4 - d.getDayOfWeek().getValue());
    int week = (thursday.getDayOfYear() - 1) / 7 + 1;
    return thursday.getYear() + "/" + week;
  }

  static Map<Long, PruneMark> reference(List<Snap> input, KeepOptions o, ZoneId zone) {
    List<Snap> list = new ArrayList<>(input);
    list.sort(Comparator.comparingLong(Snap::epoch).reversed());
    Map<Long, PruneMark> mark = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      Snap s = list.get(i);
      if (!s.finished()) {
        boolean newerFinishedOrUnfinished = i > 0;
        mark.put(s.epoch(), newerFinishedOrUnfinished ? PruneMark.REMOVE : PruneMark.KEEP_PARTIAL);
      }
    }
    Function<Snap, LocalDateTime> local =
        s -> LocalDateTime.ofInstant(Instant.ofEpochSecond(s.epoch()), zone);
    List<Map.Entry<java.util.OptionalLong, Function<Snap, String>>> rules =
        List.of(
            Map.entry(o.last(), s -> "L" + s.epoch()),
            Map.entry(
                o.hourly(), s -> local.apply(s).toLocalDate() + "T" + local.apply(s).getHour()),
            Map.entry(o.daily(), s -> local.apply(s).toLocalDate().toString()),
            Map.entry(o.weekly(), s -> isoWeek(local.apply(s).toLocalDate())),
            Map.entry(
                o.monthly(), s -> local.apply(s).getYear() + "-" + local.apply(s).getMonthValue()),
            Map.entry(o.yearly(), s -> String.valueOf(local.apply(s).getYear())));
    for (var rule : rules) {
      if (rule.getKey().isEmpty()) {
        continue;
      }
      long n = rule.getKey().getAsLong();
      Function<Snap, String> key = rule.getValue();
      Set<String> covered = new HashSet<>();
      list.stream()
          .filter(s -> mark.get(s.epoch()) == PruneMark.KEEP)
          .forEach(s -> covered.add(key.apply(s)));
      Set<String> kept = new HashSet<>();
      for (Snap s : list) {
        if (mark.containsKey(s.epoch())) {
          continue;
        }
        if (s.isProtected()) {
          mark.put(s.epoch(), PruneMark.PROTECTED);
          continue;
        }
        String k = key.apply(s);
        if (covered.contains(k)) {
          continue;
        }
        if (kept.contains(k)) {
          mark.put(s.epoch(), PruneMark.REMOVE);
        } else if (kept.size() < n) {
          kept.add(k);
          mark.put(s.epoch(), PruneMark.KEEP);
        } else {
          break;
        }
      }
    }
    if (o.within().isPresent() && !list.isEmpty()) {
      KeepWithin w = o.within().get();
      LocalDateTime newest = local.apply(list.get(0));
      for (Snap s : list) {
        // cutoff on the local calendar, hours as elapsed time
        Instant cutoff =
            newest
                .atZone(zone)
                .minusYears(w.years())
                .minusMonths(w.months())
                .minusDays(w.days())
                .toInstant()
                .minusSeconds(3600L * w.hours());
        if (s.finished() && !s.isProtected() && Instant.ofEpochSecond(s.epoch()).isAfter(cutoff)) {
          mark.put(s.epoch(), PruneMark.KEEP);
        }
      }
    }
    Map<Long, PruneMark> out = new HashMap<>();
    for (Snap s : list) {
      out.put(
          s.epoch(),
          s.isProtected() ? PruneMark.PROTECTED : mark.getOrDefault(s.epoch(), PruneMark.REMOVE));
    }
    return out;
  }

  private static Map<Long, PruneMark> asMap(List<PruneEntry> entries) {
    Map<Long, PruneMark> m = new HashMap<>();
    entries.forEach(e -> m.put(e.snapshot().backupTime(), e.mark()));
    return m;
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("pureSeeds")
  void selector_matchesReferenceAndProperties(long seed) throws IOException {
    Scenario sc = scenario(seed);
    String ctx =
        "seed=" + seed + " " + sc.options() + " zone=" + sc.zone() + " n=" + sc.snaps().size();
    Datastore store = TestStores.create(tmp);
    BackupGroup g = store.group(BackupNamespace.root(), BackupType.HOST, "r");
    List<PruneEntry> entries = PruneSelector.select(infos(g, sc.snaps()), sc.options(), sc.zone());

    assertThat(entries).as(ctx).hasSize(sc.snaps().size());
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i - 1).snapshot().backupTime())
          .as(ctx + " newest first")
          .isGreaterThan(entries.get(i).snapshot().backupTime());
    }
    assertThat(asMap(entries))
        .as(ctx + " vs reference model")
        .isEqualTo(reference(sc.snaps(), sc.options(), sc.zone()));

    for (int i = 0; i < entries.size(); i++) {
      PruneEntry e = entries.get(i);
      if (e.snapshot().isProtected()) {
        assertThat(e.mark()).as(ctx + " protected " + e.snapshot()).isEqualTo(PruneMark.PROTECTED);
      } else if (!e.snapshot().isFinished()) {
        assertThat(e.mark())
            .as(ctx + " unfinished " + e.snapshot())
            .isEqualTo(i == 0 ? PruneMark.KEEP_PARTIAL : PruneMark.REMOVE);
      }
    }

    // idempotent: pruning what survived removes nothing more
    boolean keepAll = !sc.options().keepsSomething();
    List<SnapshotInfo> survivors =
        entries.stream().filter(e -> keepAll || e.mark().keep()).map(PruneEntry::snapshot).toList();
    List<PruneEntry> again = PruneSelector.select(survivors, sc.options(), sc.zone());
    assertThat(again)
        .as(ctx + " second prune")
        .allSatisfy(
            e ->
                assertThat(keepAll || e.mark().keep())
                    .as(ctx + " second prune keeps " + e.snapshot())
                    .isTrue());

    // keep-within only ever adds
    KeepOptions withWithin = sc.options().withWithin(KeepWithin.parse("3d"));
    Set<Long> keptBefore = new HashSet<>();
    entries.stream()
        .filter(e -> e.mark().keep())
        .forEach(e -> keptBefore.add(e.snapshot().backupTime()));
    Set<Long> keptAfter = new HashSet<>();
    PruneSelector.select(infos(g, sc.snaps()), withWithin, sc.zone()).stream()
        .filter(e -> e.mark().keep())
        .forEach(e -> keptAfter.add(e.snapshot().backupTime()));
    if (sc.options().within().isEmpty()) {
      assertThat(keptAfter).as(ctx + " keep-within monotone").containsAll(keptBefore);
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("appliedSeeds")
  void applied_realTree_invariantsHoldAndSecondRunRemovesNothing(long seed) throws IOException {
    Scenario sc = scenario(seed);
    String ctx = "seed=" + seed + " " + sc.options() + " zone=" + sc.zone();
    Datastore store = TestStores.create(tmp);
    BackupGroup g =
        TestStores.group(store, BackupNamespace.of("r"), BackupType.CT, "1" + seed % 100);
    for (Snap s : sc.snaps()) {
      TestStores.snapshot(g, BackupDir.formatTime(s.epoch()), s.finished(), s.isProtected());
    }
    Map<String, List<String>> before = PruneInvariants.capture(g);
    PrunePlan plan = PrunePlan.compute(g, sc.options(), sc.zone());
    PruneReport report = plan.execute(false);
    PruneInvariants.check(ctx, before, report);
    assertThat(report.succeeded()).as(ctx).isTrue();
    Map<Long, PruneMark> ref = reference(sc.snaps(), sc.options(), sc.zone());
    for (PruneReport.Outcome o : report.outcomes()) {
      boolean shouldGo = !plan.keepAll() && !ref.get(o.snapshot().backupTime()).keep();
      assertThat(o.status())
          .as(ctx + " " + o.snapshot())
          .isEqualTo(shouldGo ? PruneReport.Status.REMOVED : PruneReport.Status.KEPT);
    }
    Map<String, List<String>> afterFirst = PruneInvariants.capture(g);
    PruneReport again = PrunePlan.compute(g, sc.options(), sc.zone()).execute(false);
    PruneInvariants.check(ctx + " second run", afterFirst, again);
    assertThat(again.with(PruneReport.Status.REMOVED)).as(ctx + " second run").isEmpty();
  }
}
