package org.jpbs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.prune.KeepOptions;
import org.jpbs.datastore.prune.KeepWithin;
import org.jpbs.datastore.prune.PruneReport;
import org.jpbs.datastore.prune.Pruner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs prune DATASTORE}: the PBS prune job over a namespace subtree or one group, with the
 * mark-phase barrier registered so a concurrently running GC stays safe.
 */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
      "Remove snapshots the keep options do not select (PBS prune; oldest first).",
      "Without any keep option nothing is removed. Period boundaries use the local time zone."
    })
final class PruneCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  PruneCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin StateDirOption state;

  @Mixin DatastoreParameter datastore;

  @Option(
      names = "--ns",
      paramLabel = "NS",
      defaultValue = "",
      converter = Converters.Namespace.class,
      description = "Namespace to prune, e.g. a/b (default: the root).")
  BackupNamespace ns;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description = "Namespace levels below --ns to include (default: all).")
  Integer maxDepth;

  @Option(names = "--group", paramLabel = "TYPE/ID", description = "Prune only this group of --ns.")
  String group;

  @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest snapshots.")
  Long keepLast;

  @Option(
      names = "--keep-hourly",
      paramLabel = "N",
      description = "Keep the newest snapshot of each of the last N hours.")
  Long keepHourly;

  @Option(
      names = "--keep-daily",
      paramLabel = "N",
      description = "Keep the newest snapshot of each of the last N days.")
  Long keepDaily;

  @Option(
      names = "--keep-weekly",
      paramLabel = "N",
      description = "Keep the newest snapshot of each of the last N ISO weeks.")
  Long keepWeekly;

  @Option(
      names = "--keep-monthly",
      paramLabel = "N",
      description = "Keep the newest snapshot of each of the last N months.")
  Long keepMonthly;

  @Option(
      names = "--keep-yearly",
      paramLabel = "N",
      description = "Keep the newest snapshot of each of the last N years.")
  Long keepYearly;

  @Option(
      names = "--keep-within",
      paramLabel = "DUR",
      converter = Converters.Within.class,
      description = "Also keep snapshots newer than the newest minus DUR (e.g. 7d, 1y2m, 36h).")
  KeepWithin keepWithin;

  @Option(
      names = {"-n", "--dry-run"},
      description = "Only report what would be removed.")
  boolean dryRun;

  /**
   * JSON result of {@code prune}.
   *
   * @param datastore the datastore base directory
   * @param dryRun whether nothing was removed on purpose
   * @param keepAll true when no keep option was given (nothing is removed)
   * @param snapshots one entry per snapshot, per group oldest first: {@code ns}, {@code
   *     backup-type}, {@code backup-id}, {@code backup-time}, {@code path}, {@code mark}
   *     (keep|remove|protected|keep-partial), {@code keep}, {@code protected}, {@code status}
   *     (kept|removed|would-remove|failed), {@code error}
   * @param removed snapshots removed (or, dry run, that would be)
   * @param failed removals that failed
   */
  record Result(
      Path datastore,
      boolean dryRun,
      boolean keepAll,
      List<Map<String, Object>> snapshots,
      int removed,
      int failed) {}

  @Override
  public Integer call() throws Exception {
    Output out = output.output();
    KeepOptions keep = keepOptions();
    if (maxDepth != null && (maxDepth < 0 || maxDepth > BackupNamespace.MAX_DEPTH)) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-depth must be 0.." + BackupNamespace.MAX_DEPTH + ": " + maxDepth);
    }
    if (!dryRun) {
      DatastoreSession.requireWritable(datastore.path(), "prune", context.clock());
    }
    Pruner pruner = new Pruner(keep, ZoneId.systemDefault());
    List<PruneReport> reports;
    Path base;
    try (DatastoreSession session =
        DatastoreSession.open(
                datastore.path(),
                state.resolve(datastore.path()),
                dryRun ? DatastoreSession.StateAccess.READ : DatastoreSession.StateAccess.WRITE,
                context.clock())
            .guardRemovals()) {
      base = session.datastore().base();
      if (group != null) {
        reports = List.of(pruner.prune(parseGroup(session), dryRun));
      } else {
        int depth = maxDepth == null ? BackupNamespace.MAX_DEPTH - ns.depth() : maxDepth;
        reports = pruner.pruneNamespace(session.datastore(), ns, depth, dryRun);
      }
    }
    List<Map<String, Object>> items = new ArrayList<>();
    int removed = 0;
    IOException firstFailure = null;
    int failed = 0;
    for (PruneReport r : reports) {
      for (PruneReport.Outcome o : r.outcomes()) {
        items.add(item(o));
        switch (o.status()) {
          case REMOVED, WOULD_REMOVE -> removed++;
          case FAILED -> {
            failed++;
            if (firstFailure == null) {
              firstFailure = o.failureCause().orElse(null);
            }
          }
          default -> {}
        }
      }
    }
    Result result = new Result(base, dryRun, !keep.keepsSomething(), items, removed, failed);
    if (!keep.keepsSomething()) {
      out.note("no keep option given: keeping every snapshot");
    }
    for (PruneReport r : reports) {
      for (PruneReport.Outcome o : r.outcomes()) {
        o.failureCause()
            .ifPresent(
                e ->
                    out.warn(
                        "removing "
                            + o.snapshot().relativePath()
                            + " failed: "
                            + ErrorReporter.oneLine(e.getMessage())));
      }
    }
    out.emit(result, w -> printHuman(reports, w));
    if (firstFailure != null) {
      ExitCodes codes = context.exitCodes();
      return codes.exitCode(firstFailure);
    }
    return ExitCodes.OK;
  }

  private KeepOptions keepOptions() {
    KeepOptions k = KeepOptions.none();
    requirePositive("--keep-last", keepLast);
    requirePositive("--keep-hourly", keepHourly);
    requirePositive("--keep-daily", keepDaily);
    requirePositive("--keep-weekly", keepWeekly);
    requirePositive("--keep-monthly", keepMonthly);
    requirePositive("--keep-yearly", keepYearly);
    if (keepWithin != null && keepWithin.isZero()) {
      throw new ParameterException(
          spec.commandLine(),
          "--keep-within must be longer than 0 (e.g. 7d); leave it out to not use it");
    }
    try {
      if (keepLast != null) {
        k = k.withLast(keepLast);
      }
      if (keepHourly != null) {
        k = k.withHourly(keepHourly);
      }
      if (keepDaily != null) {
        k = k.withDaily(keepDaily);
      }
      if (keepWeekly != null) {
        k = k.withWeekly(keepWeekly);
      }
      if (keepMonthly != null) {
        k = k.withMonthly(keepMonthly);
      }
      if (keepYearly != null) {
        k = k.withYearly(keepYearly);
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (keepWithin != null) {
      k = k.withWithin(keepWithin);
    }
    return k;
  }

  /** PBS's prune schema: every keep count is at least 1 (an unset option is simply left out). */
  private void requirePositive(String option, Long n) {
    if (n != null && n < 1) {
      throw new ParameterException(
          spec.commandLine(),
          option + " must be at least 1, got " + n + "; leave it out to not use it");
    }
  }

  private BackupGroup parseGroup(DatastoreSession session) {
    String[] p = group.split("/", -1);
    try {
      if (p.length != 2) {
        throw new IllegalArgumentException("expected TYPE/ID, e.g. host/web1");
      }
      return session.datastore().group(ns, BackupType.parse(p[0]), p[1]);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "invalid --group '" + group + "': " + e.getMessage());
    }
  }

  private static Map<String, Object> item(PruneReport.Outcome o) {
    BackupDir d = o.snapshot();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ns", d.namespace().toString());
    m.put("backup-type", d.group().type().dirName());
    m.put("backup-id", d.group().id());
    m.put("backup-time", d.backupTime());
    m.put("path", d.relativePath());
    m.put("mark", o.mark().label());
    m.put("keep", o.status() == PruneReport.Status.KEPT);
    m.put("protected", o.mark() == org.jpbs.datastore.prune.PruneMark.PROTECTED);
    m.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    m.put("error", o.failureCause().map(e -> ErrorReporter.oneLine(e.getMessage())).orElse(null));
    return m;
  }

  private static void printHuman(List<PruneReport> reports, java.io.PrintWriter w) {
    for (PruneReport r : reports) {
      w.println("Pruning group " + r.group().relativePath());
      for (PruneReport.Outcome o : r.outcomes()) {
        String line = o.logLine(r.dryRun());
        if (o.status() == PruneReport.Status.FAILED) {
          line += " (failed)";
        }
        w.println(line);
      }
    }
  }
}
