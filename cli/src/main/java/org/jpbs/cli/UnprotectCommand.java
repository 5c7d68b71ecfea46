package org.jpbs.cli;

import java.util.concurrent.Callable;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.SnapshotPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jpbs unprotect DATASTORE SNAPSHOT}: removes the {@code .protected} marker. */
@Command(
    name = "unprotect",
    mixinStandardHelpOptions = true,
    description = "Remove a snapshot's protection (prune and forget may then remove it).")
final class UnprotectCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  UnprotectCommand(CommandContext context) {
    this.context = context;
  }

  @Mixin OutputOptions output;

  @Mixin DatastoreParameter datastore;

  @Parameters(
      index = "1",
      paramLabel = "SNAPSHOT",
      converter = Converters.Snapshot.class,
      description = "[ns/NS/...]TYPE/ID/TIME.")
  SnapshotPath snapshot;

  @Override
  public Integer call() throws Exception {
    return ProtectCommand.change(
        output.output(), datastore.path(), snapshot, false, context.clock());
  }
}
