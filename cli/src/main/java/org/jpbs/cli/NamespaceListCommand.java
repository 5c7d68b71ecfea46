package org.jpbs.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.cli.output.Table;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.Listed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jpbs ns list DATASTORE}: PBS {@code list_namespaces}: the parent first, then its
 * descendants depth-first; a directory with an invalid name is skipped with a warning.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List a namespace (default: the root) and the namespaces below it.")
final class NamespaceListCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  NamespaceListCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Mixin DatastoreParameter datastore;

  @Option(
      names = "--ns",
      paramLabel = "PARENT",
      defaultValue = "",
      converter = Converters.Namespace.class,
      description = "Namespace to start at, e.g. a/b (default: the root).")
  BackupNamespace parent;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description = "Levels below --ns to include (0..7, default: all).")
  Integer maxDepth;

  /**
   * JSON result of {@code ns list}.
   *
   * @param datastore the datastore base directory
   * @param namespaces the parent first, then depth-first in directory order
   */
  record Result(Path datastore, List<Item> namespaces) {}

  /**
   * One namespace.
   *
   * @param ns API form ({@code ""} is the root)
   * @param depth number of components
   * @param groups backup groups directly in it
   */
  record Item(String ns, int depth, int groups) {}

  @Override
  public Integer call() throws Exception {
    if (maxDepth != null && (maxDepth < 0 || maxDepth > BackupNamespace.MAX_DEPTH)) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-depth must be 0.." + BackupNamespace.MAX_DEPTH + ": " + maxDepth);
    }
    Output out = output.output();
    List<Item> items = new ArrayList<>();
    Path base;
    try (DatastoreSession session = DatastoreSession.open(datastore.path(), context.clock())) {
      Datastore ds = session.datastore();
      base = ds.base();
      if (!ds.namespaceExists(parent)) {
        throw new NoSuchFileException(
            ds.namespacePath(parent).toString(), null, "namespace does not exist");
      }
      int depth = maxDepth == null ? BackupNamespace.MAX_DEPTH : maxDepth;
      Iterator<Listed<BackupNamespace>> it =
          ds.iterateNamespaces(parent, Math.min(depth, BackupNamespace.MAX_DEPTH - parent.depth()));
      while (it.hasNext()) {
        Listed<BackupNamespace> l = it.next();
        if (l.isError()) {
          IOException e = l.error().orElseThrow();
          out.warn("skipped: " + ErrorReporter.describe(e, true));
          continue;
        }
        BackupNamespace n = l.get();
        items.add(new Item(n.toString(), n.depth(), ds.listGroups(n).size()));
      }
    }
    Result r = new Result(base, items);
    out.emit(r, w -> printHuman(r, w));
    return ExitCodes.OK;
  }

  private static void printHuman(Result r, java.io.PrintWriter w) {
    Table t = new Table().column("namespace").column("groups", Table.Align.RIGHT);
    for (Item i : r.namespaces()) {
      t.row(i.ns().isEmpty() ? "(root)" : i.ns(), i.groups());
    }
    t.print(w);
  }
}
