package org.jpbs.cli.output;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Mixin giving a subcommand {@code --json} and the matching {@link Output}.
 *
 * <p>Use as {@code @Mixin OutputOptions output;} and call {@link #output()} in {@code call()}.
 */
public final class OutputOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--json",
      description = "Write the result as one JSON document on stdout (field names: cli/README.md).")
  boolean json;

  /** True when {@code --json} was given. */
  public boolean json() {
    return json;
  }

  /** The output for this invocation, writing to the command line's out/err writers. */
  public Output output() {
    var cl = mixee.commandLine();
    return json ? Output.json(cl.getOut(), cl.getErr()) : Output.human(cl.getOut(), cl.getErr());
  }
}
