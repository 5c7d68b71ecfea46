package org.jpbs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.HumanDuration;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.output.Table;
import org.jpbs.cli.progress.ProgressOptions;
import org.jpbs.cli.progress.ProgressReporter;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.SnapshotPath;
import org.jpbs.datastore.backup.ProgressListener;
import org.jpbs.datastore.verify.SnapshotVerifyResult;
import org.jpbs.datastore.verify.Verifier;
import org.jpbs.datastore.verify.VerifyOptions;
import org.jpbs.datastore.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs verify DATASTORE [SNAPSHOT | --group TYPE/ID] [--ns NS]}: the PBS verify job; corrupt
 * chunks are renamed to {@code .N.bad}, each snapshot's {@code verify_state} is recorded, and the
 * command exits 4 when any snapshot failed. On a read-only datastore it only reports, and says so.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify snapshots (PBS verify job): every file against its manifest, every chunk by CRC,"
          + " size and SHA-256.",
      "Corrupt chunks are renamed to <digest>.N.bad; verify_state is recorded.",
      "Exit 4 when any snapshot failed verification (the report is printed first).",
      "On a read-only datastore (e.g. a read-only mount) nothing is renamed or recorded."
    })
public final class VerifyCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  VerifyCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin ProgressOptions progress;

  @Mixin DatastoreParameter datastore;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "SNAPSHOT",
      converter = Converters.Snapshot.class,
      description = "Verify only this snapshot, [ns/NS/...]TYPE/ID/TIME.")
  SnapshotPath snapshot;

  @Option(
      names = "--group",
      paramLabel = "TYPE/ID",
      converter = Converters.Group.class,
      description = "Verify only this group of --ns.")
  Converters.GroupRef group;

  @Option(
      names = "--ns",
      paramLabel = "NS",
      defaultValue = "",
      converter = Converters.Namespace.class,
      description =
          "Namespace: with --group the group's, else the subtree to verify (default: the root = all).")
  BackupNamespace ns;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "4",
      description = "Chunk reader/decoder threads, 1..256 (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--ignore-verified",
      description = "Skip snapshots that already have a verify_state.")
  boolean ignoreVerified;

  @Option(
      names = "--outdated-after",
      paramLabel = "DUR",
      converter = Converters.Days.class,
      description =
          "With --ignore-verified: re-verify when the last verify is older (days, as PBS, or e.g. 12h).")
  Duration outdatedAfter;

  /**
   * JSON result of {@code verify} (also printed when it exits 4).
   *
   * @param datastore datastore base directory
   * @param upid the job's UPID, as written into {@code verify_state}
   * @param ok true when no snapshot failed
   * @param snapshots per snapshot, in the order verified
   * @param verified snapshots checked (not skipped)
   * @param skipped snapshots skipped (locked, recently verified, gone)
   * @param failed snapshots that failed
   * @param chunks chunks read and checked
   * @param bytes plain bytes of those chunks
   * @param corrupt corrupt or missing chunks
   * @param errors all errors
   * @param duration seconds
   * @param readOnly the datastore is on a read-only mount: nothing was renamed or recorded
   */
  public record Result(
      Path datastore,
      String upid,
      boolean ok,
      List<Snapshot> snapshots,
      long verified,
      long skipped,
      long failed,
      long chunks,
      long bytes,
      long corrupt,
      long errors,
      Duration duration,
      boolean readOnly) {}

  /** The one line that says a read-only verify only reported. */
  static final String READ_ONLY_NOTE = "read-only datastore: nothing renamed or recorded";

  /** One snapshot; {@code status}: ok, failed, skipped-locked, skipped-verified, skipped-gone. */
  record Snapshot(
      String path,
      String ns,
      String backupType,
      String backupId,
      long backupTime,
      String status,
      long chunks,
      long bytes,
      long corrupt,
      long errors,
      List<String> messages,
      boolean manifestUpdated) {
    static Snapshot of(SnapshotVerifyResult s) {
      BackupDir d = s.snapshot();
      return new Snapshot(
          d.relativePath(),
          d.namespace().toString(),
          d.group().type().dirName(),
          d.group().id(),
          d.backupTime(),
          s.status().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          s.chunks(),
          s.bytes(),
          s.corrupt(),
          s.errors(),
          s.messages(),
          s.manifestUpdated());
    }
  }

  @Override
  public Integer call() throws Exception {
    if (snapshot != null && group != null) {
      throw new ParameterException(spec.commandLine(), "give either SNAPSHOT or --group, not both");
    }
    if (threads < 1 || threads > 256) {
      throw new ParameterException(spec.commandLine(), "--threads must be 1..256: " + threads);
    }
    if (outdatedAfter != null && !ignoreVerified) {
      throw new ParameterException(spec.commandLine(), "--outdated-after needs --ignore-verified");
    }
    Output out = output.output();
    long started = System.nanoTime();
    Result r;
    long renamed;
    boolean readOnly;
    try (DatastoreSession session = DatastoreSession.open(datastore.path(), context.clock());
        CancelOnSignal cancel = new CancelOnSignal();
        ProgressReporter p = progress.reporter(context.clock())) {
      VerifyOptions o =
          VerifyOptions.defaults(context.clock())
              .withThreads(threads)
              .withIgnoreVerified(ignoreVerified, Optional.ofNullable(outdatedAfter))
              .withCancellation(cancel.token())
              .withProgress(listener(p));
      List<SnapshotVerifyResult> all = new ArrayList<>();
      String upid;
      try (Verifier v = new Verifier(session.chunkStore(), session.chunks(), o)) {
        upid = v.upid();
        readOnly = v.readOnly();
        Datastore ds = session.datastore();
        if (snapshot != null) {
          all.addAll(v.verifySnapshot(ds.snapshot(snapshot)).snapshots());
        } else if (group != null) {
          all.addAll(v.verifyGroup(ds.group(ns, group.type(), group.id())).snapshots());
        } else if (ns.isRoot()) {
          all.addAll(v.verifyStore(ds).snapshots());
        } else {
          for (BackupNamespace n : ds.listNamespaces(ns, BackupNamespace.MAX_DEPTH - ns.depth())) {
            List<BackupGroup> groups = new ArrayList<>(ds.listGroups(n));
            groups.sort(BackupGroup.PBS_ORDER);
            for (BackupGroup g : groups) {
              all.addAll(v.verifyGroup(g).snapshots());
            }
          }
        }
      }
      p.finish();
      VerifyReport report = new VerifyReport(upid, all);
      renamed = report.renamed();
      r =
          result(
              session.datastore().base(),
              report,
              Duration.ofNanos(System.nanoTime() - started),
              readOnly);
    }
    for (Snapshot s : r.snapshots()) {
      for (String m : s.messages()) {
        out.warn(s.path() + ": " + m);
      }
    }
    out.emit(r, w -> printHuman(r, w));
    if (r.readOnly()) {
      out.note("note: " + READ_ONLY_NOTE);
    }
    if (!r.ok()) {
      spec.commandLine()
          .getErr()
          .println(
              "jpbs: verification failed: "
                  + r.failed()
                  + " of "
                  + r.snapshots().size()
                  + " snapshots (details above; "
                  + (r.readOnly() ? READ_ONLY_NOTE : renamedNote(renamed))
                  + ")");
      return ExitCodes.CORRUPT_DATA;
    }
    return ExitCodes.OK;
  }

  /** What this run did to corrupt chunks, as it happened: renamed only when something was. */
  static String renamedNote(long renamed) {
    return renamed == 0
        ? "no chunk was renamed"
        : renamed
            + (renamed == 1 ? " corrupt chunk was" : " corrupt chunks were")
            + " renamed to <digest>.N.bad";
  }

  /** A phase per verified group (the verifier reports 0 of N at each start). */
  public static ProgressListener listener(ProgressReporter p) {
    return (done, total) -> {
      if (done == 0) {
        p.start("verify", total, "snapshots");
      } else {
        p.update(done);
      }
    };
  }

  public static Result result(Path base, VerifyReport report, Duration duration) {
    return result(base, report, duration, false);
  }

  public static Result result(Path base, VerifyReport report, Duration duration, boolean readOnly) {
    List<Snapshot> list = report.snapshots().stream().map(Snapshot::of).toList();
    long skipped = list.stream().filter(s -> s.status().startsWith("skipped")).count();
    return new Result(
        base,
        report.upid(),
        report.ok(),
        list,
        list.size() - skipped,
        skipped,
        report.failed().size(),
        report.chunks(),
        report.bytes(),
        report.corrupt(),
        report.errors(),
        duration,
        readOnly);
  }

  public static void printHuman(Result r, PrintWriter w) {
    Table t =
        new Table()
            .column("snapshot", Table.Align.LEFT)
            .column("status", Table.Align.LEFT)
            .column("chunks")
            .column("size")
            .column("corrupt")
            .column("errors");
    for (Snapshot s : r.snapshots()) {
      t.row(
          s.path(), s.status(), s.chunks(), HumanBytes.format(s.bytes()), s.corrupt(), s.errors());
    }
    t.row(
        "total",
        r.verified() + " verified, " + r.skipped() + " skipped, " + r.failed() + " failed",
        r.chunks(),
        HumanBytes.format(r.bytes()),
        r.corrupt(),
        r.errors());
    t.print(w);
    w.println(
        (r.ok() ? "verify OK" : "verify FAILED")
            + " ("
            + r.upid()
            + ", "
            + HumanDuration.format(r.duration())
            + ")");
  }
}
