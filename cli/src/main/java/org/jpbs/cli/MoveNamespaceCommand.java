package org.jpbs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.datastore.move.GroupMoveResult;
import org.jpbs.datastore.move.NamespaceMove;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs move-namespace DATASTORE NS TARGET [--max-depth N] [--keep-source] [--no-merge]
 * [--dry-run]}: PBS 4.1.10 {@code move-namespace} ({@link NamespaceMove}), named like {@link
 * MoveGroupCommand}.
 */
@Command(
    name = "move-namespace",
    mixinStandardHelpOptions = true,
    description = {
      "Move namespace NS and the namespaces below it to TARGET, like mv (NS/x becomes TARGET/x):",
      "TARGET's parent must exist; groups are merged into existing ones unless --no-merge; the",
      "emptied source namespaces are removed unless --keep-source. Exit 1 when a check refuses",
      "(nothing moved) or a group was refused; exit 3 when only busy groups stayed (rerun)."
    })
final class MoveNamespaceCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  MoveNamespaceCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Mixin DatastoreParameter datastore;

  @Parameters(
      index = "1",
      paramLabel = "NS",
      converter = Converters.Namespace.class,
      description = "Namespace to move (not the root).")
  BackupNamespace ns;

  @Parameters(
      index = "2",
      paramLabel = "TARGET",
      converter = Converters.Namespace.class,
      description = "Its new name, e.g. archive/prod.")
  BackupNamespace target;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description = "Levels below NS to move (0..7, default 7); deeper ones stay.")
  int maxDepth = BackupNamespace.MAX_DEPTH;

  @Option(names = "--keep-source", description = "Keep the emptied source namespaces.")
  boolean keepSource;

  @Mixin MoveOptions move;

  /**
   * One group of a namespace move in the JSON result.
   *
   * @param group {@code type/id}
   * @param ns its source namespace
   * @param targetNs its target namespace
   * @param moved snapshot times moved (or that would move), oldest first
   * @param remaining snapshot times left at the source
   * @param error the failure's one line, or null
   * @param retryable the failure was lock contention
   */
  record Group(
      String group,
      String ns,
      String targetNs,
      List<String> moved,
      List<String> remaining,
      String error,
      boolean retryable) {}

  /**
   * JSON result of {@code move-namespace} (printed also when groups failed, then exit non-zero).
   *
   * @param datastore the datastore base directory
   * @param ns the source namespace
   * @param target the target namespace
   * @param dryRun nothing was changed
   * @param groups every group, in move order
   * @param createdNamespaces target namespaces created (or to be created), parents first
   * @param removedNamespaces source namespaces removed, deepest first
   * @param failed groups that could not be moved
   */
  record Result(
      Path datastore,
      String ns,
      String target,
      boolean dryRun,
      List<Group> groups,
      List<String> createdNamespaces,
      List<String> removedNamespaces,
      int failed) {}

  @Override
  public Integer call() throws Exception {
    if (maxDepth < 0 || maxDepth > BackupNamespace.MAX_DEPTH) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-depth must be 0.." + BackupNamespace.MAX_DEPTH + ": " + maxDepth);
    }
    Output out = output.output();
    if (!move.dryRun) {
      DatastoreSession.requireWritable(datastore.path(), "move-namespace", context.clock());
    }
    NamespaceMove.Result m;
    Path base;
    try (DatastoreSession session = DatastoreSession.open(datastore.path(), context.clock())) {
      base = session.datastore().base();
      m =
          NamespaceMove.run(
              session.datastore(),
              ns,
              target,
              maxDepth,
              keepSource,
              !move.noMerge,
              move.dryRun,
              MoveJournal.of(session.datastore()));
    }
    Result r = result(base, m);
    out.emit(r, w -> printHuman(r, w));
    for (String warning : m.warnings()) {
      out.warn(warning);
    }
    List<GroupMoveResult> failed = m.failed();
    if (failed.isEmpty()) {
      return ExitCodes.OK;
    }
    GroupMoveResult first =
        failed.stream().filter(g -> !g.softFailure()).findFirst().orElse(failed.get(0));
    throw new CommandFailedException(
        context.exitCodes().exitCode(first.failure()),
        "namespace move partially completed; "
            + failed.size()
            + " group(s) could not be moved and remain at source, first: "
            + ErrorReporter.oneLine(first.failure().getMessage()),
        first.softFailure()
            ? "retry when the backups or readers holding them are done; a rerun moves the rest"
            : context.exitCodes().hint(first.failure()));
  }

  private static Result result(Path base, NamespaceMove.Result m) {
    List<Group> groups =
        m.groups().stream()
            .map(
                g ->
                    new Group(
                        g.source().type().dirName() + "/" + g.source().id(),
                        g.source().namespace().toString(),
                        g.target().namespace().toString(),
                        g.moved(),
                        g.remaining(),
                        g.failure() == null
                            ? null
                            : ErrorReporter.oneLine(g.failure().getMessage()),
                        g.softFailure()))
            .toList();
    return new Result(
        base,
        m.source().toString(),
        m.target().toString(),
        m.groups().stream().anyMatch(GroupMoveResult::dryRun),
        groups,
        m.createdNamespaces().stream().map(BackupNamespace::toString).toList(),
        m.removedNamespaces().stream().map(BackupNamespace::toString).toList(),
        m.failed().size());
  }

  private static void printHuman(Result r, PrintWriter w) {
    String verb = r.dryRun() ? "would move " : "moved ";
    for (Group g : r.groups()) {
      if (g.error() == null) {
        w.println(
            verb
                + g.ns()
                + ":"
                + g.group()
                + " to '"
                + g.targetNs()
                + "' ("
                + g.moved().size()
                + " snapshots)");
      }
    }
    for (String removed : r.removedNamespaces()) {
      w.println("removed namespace '" + removed + "'");
    }
  }
}
