package org.jpbs.datastore.prune;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.jpbs.datastore.SnapshotInfo;

/**
 * PBS {@code compute_prune_info} (spec §5.2) as a pure function: no I/O, deterministic for a given
 * time zone.
 *
 * <ol>
 *   <li>Sort newest first.
 *   <li>Unfinished snapshots: only an unfinished snapshot newer than every finished one is {@code
 *       KEEP_PARTIAL} (the newest overall); every other unfinished one is {@code REMOVE}.
 *   <li>Rules in the fixed order last, hourly, daily, weekly, monthly, yearly, each only if set
 *       (also when 0): periods of snapshots already marked {@code KEEP} are skipped; walking newest
 *       to oldest, an unmarked protected snapshot becomes {@code PROTECTED} without using a slot, a
 *       new period is kept while fewer than N periods are, an older snapshot of a kept period is
 *       {@code REMOVE}, and the first new period beyond N ends the rule.
 *   <li>Period keys in {@code zone}: {@code %Y/%m/%d/%H}, {@code %Y/%m/%d}, {@code %G/%V} (ISO
 *       week-based year and week), {@code %Y/%m}, {@code %Y}; keep-last uses the snapshot's own
 *       time string.
 *   <li>jpbs keep-within (after the PBS rules, so it only ever adds): a finished, unprotected
 *       snapshot strictly newer than {@code newest − within} becomes {@code KEEP}.
 *   <li>Protected overrides everything; anything still unmarked is {@code REMOVE}.
 * </ol>
 */
public final class PruneSelector {
  private PruneSelector() {}

  /** {@link #select(List, KeepOptions, ZoneId)} in the system default time zone (as PBS). */
  public static List<PruneEntry> select(List<SnapshotInfo> snapshots, KeepOptions options) {
    return select(snapshots, options, ZoneId.systemDefault());
  }

  /**
   * Marks every snapshot of one group.
   *
   * @param snapshots the group's snapshots (any order; distinct backup times)
   * @param options keep options
   * @param zone time zone of the period boundaries
   * @return every snapshot with its mark, newest first
   */
  public static List<PruneEntry> select(
      List<SnapshotInfo> snapshots, KeepOptions options, ZoneId zone) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(zone, "zone");
    List<SnapshotInfo> list = new ArrayList<>(snapshots);
    list.sort(Comparator.comparingLong(SnapshotInfo::backupTime).reversed());
    PruneMark[] marks = new PruneMark[list.size()];

    boolean keepUnfinished = true;
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).isFinished()) {
        keepUnfinished = false;
      } else {
        marks[i] = keepUnfinished ? PruneMark.KEEP_PARTIAL : PruneMark.REMOVE;
        keepUnfinished = false;
      }
    }

    rule(list, marks, options.last(), s -> s.dir().backupTimeString());
    rule(
        list,
        marks,
        options.hourly(),
        s -> {
          ZonedDateTime t = local(s, zone);
          return String.format(
              "%04d/%02d/%02d/%02d",
              t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour());
        });
    rule(
        list,
        marks,
        options.daily(),
        s -> {
          ZonedDateTime t = local(s, zone);
          return String.format("%04d/%02d/%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth());
        });
    rule(
        list,
        marks,
        options.weekly(),
        s -> {
          ZonedDateTime t = local(s, zone);
          return String.format(
              "%04d/%02d",
              t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        });
    rule(
        list,
        marks,
        options.monthly(),
        s -> {
          ZonedDateTime t = local(s, zone);
          return String.format("%04d/%02d", t.getYear(), t.getMonthValue());
        });
    rule(list, marks, options.yearly(), s -> String.format("%04d", local(s, zone).getYear()));

    if (options.within().isPresent() && !list.isEmpty()) {
      Instant cutoff = options.within().get().cutoff(list.get(0).dir().instant(), zone);
      for (int i = 0; i < list.size(); i++) {
        SnapshotInfo s = list.get(i);
        if (s.isFinished()
            && !s.isProtected()
            && marks[i] != PruneMark.KEEP
            && s.dir().instant().isAfter(cutoff)) {
          marks[i] = PruneMark.KEEP;
        }
      }
    }

    List<PruneEntry> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      SnapshotInfo s = list.get(i);
      PruneMark m =
          s.isProtected() ? PruneMark.PROTECTED : marks[i] == null ? PruneMark.REMOVE : marks[i];
      out.add(new PruneEntry(s, m));
    }
    return out;
  }

  /** PBS {@code mark_selections}. */
  private static void rule(
      List<SnapshotInfo> list,
      PruneMark[] marks,
      OptionalLong keep,
      Function<SnapshotInfo, String> key) {
    if (keep.isEmpty()) {
      return;
    }
    long n = keep.getAsLong();
    Set<String> alreadyIncluded = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (marks[i] == PruneMark.KEEP) {
        alreadyIncluded.add(key.apply(list.get(i)));
      }
    }
    Set<String> include = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (marks[i] != null) {
        continue;
      }
      SnapshotInfo s = list.get(i);
      if (s.isProtected()) {
        marks[i] = PruneMark.PROTECTED;
        continue;
      }
      String k = key.apply(s);
      if (alreadyIncluded.contains(k)) {
        continue;
      }
      if (!include.contains(k)) {
        if (include.size() >= n) {
          break;
        }
        include.add(k);
        marks[i] = PruneMark.KEEP;
      } else {
        marks[i] = PruneMark.REMOVE;
      }
    }
  }

  private static ZonedDateTime local(SnapshotInfo s, ZoneId zone) {
    return s.dir().instant().atZone(zone);
  }
}
