package org.jpbs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jpbs ns create|list|remove}: the namespaces of a datastore (PBS namespace API). */
@Command(
    name = "ns",
    mixinStandardHelpOptions = true,
    description = {
      "Create, list and remove namespaces (ns/<name>/ns/<child>..., at most 7 levels).",
      "A namespace component matches [A-Za-z0-9_][A-Za-z0-9._-]*."
    },
    subcommands = {
      NamespaceCreateCommand.class,
      NamespaceListCommand.class,
      NamespaceRemoveCommand.class
    })
final class NamespaceCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: create, list or remove");
  }
}
