package org.jpbs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.HumanBytes;
import org.jpbs.cli.output.HumanDuration;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.progress.ProgressOptions;
import org.jpbs.cli.progress.ProgressReporter;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.backup.WriterRegistration;
import org.jpbs.datastore.sync.DatastoreSync;
import org.jpbs.datastore.sync.GroupFilter;
import org.jpbs.datastore.sync.SyncEndpoint;
import org.jpbs.datastore.sync.SyncListener;
import org.jpbs.datastore.sync.SyncOptions;
import org.jpbs.datastore.sync.SyncReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs sync SOURCE TARGET}: PBS's local sync job between two jpbs datastores, each a
 * filesystem or an S3 datastore ({@link DatastoreSync}); registered as a writer with the target's
 * GC state, so a GC on the target keeps what it copies.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Copy the snapshots of SOURCE that TARGET lacks (newer than the target group's last), with"
          + " only the chunks TARGET lacks; every file and chunk is checked, and a snapshot appears"
          + " on TARGET only when complete. Either may be an S3 datastore. A rerun continues where"
          + " a killed or failed run stopped.",
      "Exit 1 when a group or snapshot failed (the others are synced), 3 when a target group was"
          + " busy."
    })
final class SyncCommand implements Callable<Integer> {
  private final CommandContext context;

  SyncCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin ProgressOptions progress;
  @Mixin StateDirOption state;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "Datastore to copy from.")
  Path source;

  @Parameters(index = "1", paramLabel = "TARGET", description = "Datastore to copy to.")
  Path target;

  @Option(
      names = "--ns",
      paramLabel = "NS",
      defaultValue = "",
      converter = Converters.Namespace.class,
      description = "Source namespace to sync (default: the root).")
  BackupNamespace ns;

  @Option(
      names = "--target-ns",
      paramLabel = "NS",
      defaultValue = "",
      converter = Converters.Namespace.class,
      description = "Target namespace NS maps to (created if missing; default: the root).")
  BackupNamespace targetNs;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description = "Namespace levels below --ns to sync (0..7, default 7).")
  int maxDepth = BackupNamespace.MAX_DEPTH;

  @Option(
      names = "--group-filter",
      paramLabel = "FILTER",
      description =
          "type:TYPE, group:TYPE/ID or regex:REGEX (searched in TYPE/ID), optionally prefixed"
              + " exclude:; repeatable. A group is synced if it matches an include filter (or"
              + " there is none) and no exclude filter.")
  List<String> groupFilter = new ArrayList<>();

  @Option(
      names = "--remove-vanished",
      description =
          "Remove target snapshots, groups (owned by --owner) and namespaces (then empty) that"
              + " the source no longer has; protected snapshots stay.")
  boolean removeVanished;

  @Option(
      names = "--resync-corrupt",
      description =
          "Copy again target snapshots whose last verify failed, re-checking each of their chunks.")
  boolean resyncCorrupt;

  @Option(
      names = "--transfer-last",
      paramLabel = "N",
      description = "Only consider the newest N snapshots of each source group.")
  int transferLast;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Groups synced in parallel (default: ${DEFAULT-VALUE}).")
  int workers = 1;

  @Option(
      names = "--rate",
      paramLabel = "LIMIT",
      converter = Converters.Rate.class,
      description = "Limit on chunk data read from the source, e.g. 20MiB (per second).")
  Long rate;

  @Option(
      names = "--owner",
      paramLabel = "AUTHID",
      defaultValue = SyncOptions.DEFAULT_OWNER,
      converter = Converters.Owner.class,
      description = "Owner of groups created on the target (default: ${DEFAULT-VALUE}).")
  String owner;

  @Option(names = "--dry-run", description = "Only report what would be copied and removed.")
  boolean dryRun;

  /**
   * JSON result of {@code sync} (printed also when groups failed, then exit non-zero).
   *
   * @param elapsed seconds
   */
  record Result(
      Path source,
      Path target,
      boolean dryRun,
      int groups,
      long snapshotsCopied,
      long snapshotsResynced,
      long snapshotsSkipped,
      long snapshotsVanished,
      long snapshotsRemoved,
      long groupsRemoved,
      long namespacesRemoved,
      long protectedKept,
      long chunksCopied,
      long chunksSkipped,
      long bytesCopied,
      long bytesSkipped,
      long encodedBytesCopied,
      Duration elapsed,
      List<String> failures) {}

  @Override
  public Integer call() throws Exception {
    SyncOptions options = options();
    if (!dryRun) {
      DatastoreSession.requireWritable(target, "sync", context.clock());
    }
    Output out = output.output();
    SyncReport report;
    Path srcBase;
    Path dstBase;
    try (DatastoreSession src = DatastoreSession.open(source, context.clock());
        DatastoreSession dst =
            dryRun
                ? DatastoreSession.open(target, context.clock())
                : DatastoreSession.open(target, state.resolve(target), context.clock());
        ProgressReporter p = progress.reporter(context.clock())) {
      if (removeVanished && !dryRun) {
        dst.guardRemovals();
      }
      srcBase = src.datastore().base();
      dstBase = dst.datastore().base();
      report =
          DatastoreSync.run(
              new SyncEndpoint(
                  src.datastore(), src.chunkStore(), src.chunks(), WriterRegistration.NONE),
              new SyncEndpoint(
                  dst.datastore(),
                  dst.chunkStore(),
                  dst.chunks(),
                  dryRun ? WriterRegistration.NONE : dst.writerRegistration()),
              options,
              listener(p, out),
              context.clock());
      p.finish();
    }
    Result r = result(srcBase, dstBase, dryRun, report);
    out.emit(r, w -> printHuman(r, w));
    if (report.ok()) {
      return ExitCodes.OK;
    }
    Exception first = report.firstFailure();
    throw new CommandFailedException(
        context.exitCodes().exitCode(first) == ExitCodes.LOCK_CONTENTION
            ? ExitCodes.LOCK_CONTENTION
            : ExitCodes.FAILURE,
        report.failures().size()
            + " group(s) or snapshot(s) failed, first: "
            + ErrorReporter.oneLine(report.failures().get(0)),
        "the other groups were synced; fix the cause and rerun (finished snapshots are not copied"
            + " again)");
  }

  private SyncOptions options() {
    if (maxDepth < 0 || maxDepth > BackupNamespace.MAX_DEPTH) {
      throw new ParameterException(
          spec.commandLine(), "--max-depth must be 0.." + BackupNamespace.MAX_DEPTH);
    }
    if (workers < 1 || transferLast < 0) {
      throw new ParameterException(
          spec.commandLine(), "--workers must be >= 1 and --transfer-last >= 0");
    }
    List<GroupFilter> filters = new ArrayList<>();
    for (String f : groupFilter) {
      try {
        filters.add(GroupFilter.parse(f));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    return SyncOptions.defaults()
        .withNamespaces(ns, targetNs, maxDepth)
        .withGroupFilter(filters)
        .withRemoveVanished(removeVanished)
        .withResyncCorrupt(resyncCorrupt)
        .withTransferLast(transferLast)
        .withWorkers(workers)
        .withRate(rate == null ? 0 : rate)
        .withDryRun(dryRun)
        .withOwner(owner);
  }

  private static SyncListener listener(ProgressReporter p, Output out) {
    return new SyncListener() {
      @Override
      public void planned(long snapshots, long bytes) {
        p.start("sync", bytes, ProgressReporter.BYTES);
      }

      @Override
      public void progress(long bytesDone) {
        p.update(bytesDone);
      }

      @Override
      public void warn(String line) {
        p.printAbove(() -> out.warn(line));
      }
    };
  }

  private static Result result(Path source, Path target, boolean dryRun, SyncReport s) {
    return new Result(
        source,
        target,
        dryRun,
        s.groups(),
        s.snapshotsCopied(),
        s.snapshotsResynced(),
        s.snapshotsSkipped(),
        s.snapshotsVanished(),
        s.snapshotsRemoved(),
        s.groupsRemoved(),
        s.namespacesRemoved(),
        s.protectedKept(),
        s.chunksCopied(),
        s.chunksSkipped(),
        s.bytesCopied(),
        s.bytesSkipped(),
        s.encodedBytesCopied(),
        s.elapsed(),
        s.failures());
  }

  private void printHuman(Result r, PrintWriter w) {
    String would = dryRun ? "would copy " : "copied ";
    w.println(
        would
            + r.snapshotsCopied()
            + " snapshot(s)"
            + (r.snapshotsResynced() > 0 ? " (" + r.snapshotsResynced() + " resynced)" : "")
            + " of "
            + r.groups()
            + " group(s) from "
            + r.source()
            + " to "
            + r.target()
            + "; "
            + r.snapshotsSkipped()
            + " already there"
            + (r.snapshotsVanished() > 0 ? ", " + r.snapshotsVanished() + " vanished" : ""));
    if (dryRun) {
      w.println(
          "chunks: would copy "
              + r.chunksCopied()
              + " ("
              + HumanBytes.format(r.bytesCopied())
              + "), "
              + r.chunksSkipped()
              + " already there ("
              + HumanBytes.format(r.bytesSkipped())
              + ")");
    } else {
      w.println(
          "chunks: "
              + r.chunksCopied()
              + " copied ("
              + HumanBytes.format(r.bytesCopied())
              + ", "
              + HumanBytes.format(r.encodedBytesCopied())
              + " stored), "
              + r.chunksSkipped()
              + " already there ("
              + HumanBytes.format(r.bytesSkipped())
              + ") in "
              + HumanDuration.format(r.elapsed()));
    }
    if (r.snapshotsRemoved() > 0
        || r.groupsRemoved() > 0
        || r.namespacesRemoved() > 0
        || r.protectedKept() > 0) {
      w.println(
          (dryRun ? "would remove " : "removed ")
              + r.snapshotsRemoved()
              + " vanished snapshot(s), "
              + r.groupsRemoved()
              + " group(s), "
              + r.namespacesRemoved()
              + " namespace(s); kept "
              + r.protectedKept()
              + " protected");
    }
    for (String f : r.failures()) {
      w.println("failed: " + f);
    }
  }
}
