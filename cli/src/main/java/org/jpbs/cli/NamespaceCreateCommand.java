package org.jpbs.cli;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jpbs ns create DATASTORE NS}: PBS {@code create_namespace} (the parent must exist). */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create namespace NS (e.g. prod or prod/web); its parent must exist.",
      "An existing namespace is left as it is (exit 0)."
    })
final class NamespaceCreateCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  NamespaceCreateCommand(CommandContext context) {
    this.context = context;
  }

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Mixin DatastoreParameter datastore;

  @Parameters(
      index = "1",
      paramLabel = "NS",
      converter = Converters.Namespace.class,
      description = "Namespace to create, e.g. prod or prod/web.")
  BackupNamespace ns;

  /**
   * JSON result of {@code ns create}.
   *
   * @param datastore the datastore base directory
   * @param ns the namespace, API form
   * @param path its directory
   * @param created false when it already existed
   */
  record Result(Path datastore, String ns, Path path, boolean created) {}

  @Override
  public Integer call() throws Exception {
    if (ns.isRoot()) {
      throw new ParameterException(
          spec.commandLine(), "NS must not be empty: the root namespace always exists");
    }
    Output out = output.output();
    Result r;
    try (DatastoreSession session = DatastoreSession.open(datastore.path(), context.clock())) {
      Datastore ds = session.datastore();
      BackupNamespace parent = ns.parent().orElseThrow();
      boolean existed = ds.namespaceExists(ns);
      try {
        ds.createNamespace(parent, ns.components().get(ns.depth() - 1));
      } catch (NoSuchFileException e) {
        throw new CommandFailedException(
            ExitCodes.FAILURE,
            "parent namespace '" + parent + "' does not exist: " + ds.namespacePath(parent),
            "create it first: jpbs ns create " + datastore.path() + " " + parent,
            e);
      }
      r = new Result(ds.base(), ns.toString(), ds.namespacePath(ns), !existed);
    }
    out.emit(
        r,
        w ->
            w.println(
                (r.created() ? "created namespace " : "namespace already exists: ")
                    + r.ns()
                    + " ("
                    + r.path()
                    + ")"));
    return ExitCodes.OK;
  }
}
