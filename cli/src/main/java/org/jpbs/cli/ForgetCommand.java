package org.jpbs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.SnapshotPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jpbs forget DATASTORE SNAPSHOT}: removes one snapshot (PBS {@code BackupDir::destroy}).
 */
@Command(
    name = "forget",
    mixinStandardHelpOptions = true,
    description = {
      "Remove one snapshot (refused if protected, exit 3 if in use).",
      "Removes its group when it was the last snapshot; the next gc frees the chunks."
    })
final class ForgetCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  ForgetCommand(CommandContext context) {
    this.context = context;
  }

  @Mixin OutputOptions output;
  @Mixin StateDirOption state;

  @Mixin DatastoreParameter datastore;

  @Parameters(
      index = "1",
      paramLabel = "SNAPSHOT",
      converter = Converters.Snapshot.class,
      description = "[ns/NS/...]TYPE/ID/TIME, e.g. host/web1/2024-05-01T10:00:00Z.")
  SnapshotPath snapshot;

  /**
   * JSON result of {@code forget}.
   *
   * @param datastore the datastore base directory
   * @param snapshot the removed snapshot, {@code [ns/NS/]type/id/time}
   * @param removed always true (a failure exits non-zero with no JSON)
   */
  record Result(Path datastore, String snapshot, boolean removed) {}

  @Override
  public Integer call() throws Exception {
    Output out = output.output();
    DatastoreSession.requireWritable(datastore.path(), "forget", context.clock());
    Result r;
    try (DatastoreSession session =
        DatastoreSession.open(datastore.path(), state.resolve(datastore.path()), context.clock())
            .guardRemovals()) {
      BackupDir dir = session.datastore().snapshot(snapshot);
      dir.destroy(false);
      r = new Result(session.datastore().base(), dir.relativePath(), true);
    }
    out.emit(r, w -> w.println("removed " + r.snapshot()));
    return ExitCodes.OK;
  }
}
