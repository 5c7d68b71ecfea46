package org.jpbs.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.datastore.move.GroupMove;
import org.jpbs.datastore.move.GroupMoveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpbs move-group DATASTORE [--ns NS] TYPE/ID --target-ns NS [--no-merge] [--dry-run]}: PBS
 * 4.1.9 {@code move-group} ({@link GroupMove}). Named after PBS's API endpoint and task type
 * ({@code move-group}), like jpbs's other verb commands (forget, prune, protect), not after the
 * client's {@code group move}.
 */
@Command(
    name = "move-group",
    mixinStandardHelpOptions = true,
    description = {
      "Move backup group TYPE/ID from namespace --ns into --target-ns (PBS move-group), oldest",
      "snapshot first; merges into an existing target group unless --no-merge (same owner, every",
      "target snapshot older than the source's). Exit 3 while a backup or reader uses the group",
      "(retry; what moved stays moved), exit 1 when a check refuses it (nothing moved)."
    })
final class MoveGroupCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  MoveGroupCommand(CommandContext context) {
    this.context = context;
  }

  @Mixin OutputOptions output;

  @Mixin DatastoreParameter datastore;

  @Mixin GroupOptions group;

  @Parameters(
      index = "1",
      paramLabel = "TYPE/ID",
      converter = Converters.Group.class,
      description = "The backup group, e.g. vm/100.")
  Converters.GroupRef typeId;

  @Option(
      names = "--target-ns",
      paramLabel = "NS",
      required = true,
      converter = Converters.Namespace.class,
      description = "Namespace to move the group into (must exist; \"\" is the root).")
  BackupNamespace targetNs;

  @Mixin MoveOptions move;

  /**
   * JSON result of {@code move-group} (printed also when the move failed, then exit non-zero).
   *
   * @param datastore the datastore base directory
   * @param group {@code type/id}
   * @param ns the source namespace (API form, "" = root)
   * @param targetNs the target namespace
   * @param dryRun nothing was changed; {@code moved} is what would move
   * @param moved snapshot times moved, oldest first
   * @param remaining snapshot times left at the source
   * @param targetCreated the target group was new
   * @param sourceRemoved the emptied source group was removed
   * @param warnings non-fatal notes
   * @param error the failure's one line, or null
   * @param retryable the failure was lock contention (a backup, reader or other move): retry
   */
  record Result(
      Path datastore,
      String group,
      String ns,
      String targetNs,
      boolean dryRun,
      List<String> moved,
      List<String> remaining,
      boolean targetCreated,
      boolean sourceRemoved,
      List<String> warnings,
      String error,
      boolean retryable) {}

  @Override
  public Integer call() throws Exception {
    Output out = output.output();
    if (!move.dryRun) {
      DatastoreSession.requireWritable(datastore.path(), "move-group", context.clock());
    }
    GroupMoveResult m;
    Path base;
    try (DatastoreSession session = DatastoreSession.open(datastore.path(), context.clock())) {
      base = session.datastore().base();
      BackupGroup source = group.in(session.datastore(), typeId);
      m =
          GroupMove.run(
              source, targetNs, !move.noMerge, move.dryRun, MoveJournal.of(session.datastore()));
    }
    Result r = result(base, m);
    out.emit(r, w -> printHuman(r, w));
    for (String warning : r.warnings()) {
      out.warn(warning);
    }
    if (m.ok()) {
      return ExitCodes.OK;
    }
    String what =
        m.moved().isEmpty()
            ? ErrorReporter.oneLine(m.failure().getMessage())
            : "moved "
                + m.moved().size()
                + " of "
                + (m.moved().size() + m.remaining().size())
                + " snapshots of "
                + m.source()
                + ", "
                + m.remaining().size()
                + " remain at the source: "
                + ErrorReporter.oneLine(m.failure().getMessage());
    throw new CommandFailedException(
        context.exitCodes().exitCode(m.failure()),
        what,
        m.softFailure()
            ? "retry when the backup or reader holding it is done; a rerun moves the rest"
            : context.exitCodes().hint(m.failure()),
        m.failure());
  }

  private Result result(Path base, GroupMoveResult m) {
    return new Result(
        base,
        typeId.toString(),
        group.ns.toString(),
        targetNs.toString(),
        m.dryRun(),
        m.moved(),
        m.remaining(),
        m.targetCreated(),
        m.sourceRemoved(),
        m.warnings(),
        m.failure() == null ? null : ErrorReporter.oneLine(m.failure().getMessage()),
        m.softFailure());
  }

  private static void printHuman(Result r, java.io.PrintWriter w) {
    String verb = r.dryRun() ? "would move " : "moved ";
    for (String time : r.moved()) {
      w.println(verb + r.group() + "/" + time);
    }
    if (r.error() == null) {
      w.println(
          (r.dryRun() ? "would move " : "moved ")
              + r.moved().size()
              + " snapshots of "
              + r.group()
              + " from namespace '"
              + r.ns()
              + "' to '"
              + r.targetNs()
              + "'"
              + (r.targetCreated() ? " (new group)" : " (merged)"));
    }
  }
}
