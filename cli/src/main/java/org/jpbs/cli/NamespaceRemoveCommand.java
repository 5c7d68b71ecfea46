package org.jpbs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.NamespaceNotEmptyException;
import org.jpbs.datastore.NamespaceRemoval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs ns remove DATASTORE NS [--delete-groups]}: PBS {@code delete_namespace}. Snapshots
 * are removed as {@code forget} removes them (locks, protection check, mark-phase barrier for a
 * concurrently running GC).
 */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    description = {
      "Remove namespace NS and the namespaces below it; refused while any of them holds a group",
      "unless --delete-groups. Protected snapshots are never removed (exit 1, naming them)."
    })
final class NamespaceRemoveCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  NamespaceRemoveCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;
  @Mixin StateDirOption state;

  @Mixin DatastoreParameter datastore;

  @Parameters(
      index = "1",
      paramLabel = "NS",
      converter = Converters.Namespace.class,
      description = "Namespace to remove, e.g. prod or prod/web (not the root).")
  BackupNamespace ns;

  @Option(
      names = "--delete-groups",
      description = "Also remove every group and unprotected snapshot in NS and below.")
  boolean deleteGroups;

  /**
   * JSON result of {@code ns remove} (printed also when something stayed, then exit non-zero).
   *
   * @param datastore the datastore base directory
   * @param ns the namespace asked for, API form
   * @param removedAll whether NS and everything below it is gone
   * @param removedNamespaces namespaces removed, deepest first
   * @param remainingNamespaces namespaces that stayed, deepest first
   * @param removedGroups groups removed
   * @param removedSnapshots snapshots removed
   * @param keptProtected protected snapshots kept ({@code [ns/NS/]type/id/time})
   * @param failures one line per group or directory whose removal failed
   */
  record Result(
      Path datastore,
      String ns,
      boolean removedAll,
      List<String> removedNamespaces,
      List<String> remainingNamespaces,
      int removedGroups,
      int removedSnapshots,
      List<String> keptProtected,
      List<String> failures) {}

  @Override
  public Integer call() throws Exception {
    if (ns.isRoot()) {
      throw new ParameterException(spec.commandLine(), "the root namespace cannot be removed");
    }
    Output out = output.output();
    NamespaceRemoval removal;
    Path base;
    try (DatastoreSession session =
        deleteGroups
            ? DatastoreSession.open(
                    datastore.path(), state.resolve(datastore.path()), context.clock())
                .guardRemovals()
            : DatastoreSession.open(datastore.path(), context.clock())) {
      base = session.datastore().base();
      try {
        removal = session.datastore().removeNamespace(ns, deleteGroups);
      } catch (NamespaceNotEmptyException e) {
        throw new CommandFailedException(
            ExitCodes.FAILURE,
            ErrorReporter.oneLine(e.getReason()) + ": " + e.getFile(),
            "nothing was removed; add --delete-groups to remove its groups and snapshots too",
            e);
      }
    }
    Result r = result(base, removal);
    out.emit(r, w -> printHuman(r, w));
    if (r.removedAll()) {
      return ExitCodes.OK;
    }
    throw new CommandFailedException(
        removal.firstFailure().map(e -> context.exitCodes().exitCode(e)).orElse(ExitCodes.FAILURE),
        "namespace '" + ns + "' was not removed completely: " + stayed(r),
        r.keptProtected().isEmpty()
            ? null
            : "unprotect those snapshots first ('jpbs unprotect') to remove them");
  }

  private Result result(Path base, NamespaceRemoval m) {
    List<String> kept = new ArrayList<>();
    for (BackupDir d : m.keptProtected()) {
      kept.add(d.relativePath());
    }
    return new Result(
        base,
        ns.toString(),
        m.removedAll(),
        m.removedNamespaces().stream().map(BackupNamespace::toString).toList(),
        m.remainingNamespaces().stream().map(BackupNamespace::toString).toList(),
        m.removedGroups(),
        m.removedSnapshots(),
        kept,
        m.failures().stream().map(ErrorReporter::oneLine).toList());
  }

  private static String stayed(Result r) {
    List<String> parts = new ArrayList<>();
    if (!r.keptProtected().isEmpty()) {
      parts.add("kept protected " + String.join(", ", r.keptProtected()));
    }
    if (!r.failures().isEmpty()) {
      parts.add("failed " + String.join("; ", r.failures()));
    }
    if (!r.remainingNamespaces().isEmpty()) {
      parts.add("namespaces left: " + String.join(", ", r.remainingNamespaces()));
    }
    return String.join("; ", parts);
  }

  private static void printHuman(Result r, java.io.PrintWriter w) {
    w.println(
        (r.removedAll() ? "removed namespace " : "partly removed namespace ")
            + r.ns()
            + ": "
            + count(r.removedNamespaces().size(), "namespace")
            + ", "
            + count(r.removedGroups(), "group")
            + ", "
            + count(r.removedSnapshots(), "snapshot")
            + " removed");
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
