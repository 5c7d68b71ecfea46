package org.jpbs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.SnapshotPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jpbs protect DATASTORE SNAPSHOT}: sets the {@code .protected} marker. */
@Command(
    name = "protect",
    mixinStandardHelpOptions = true,
    description = "Protect a snapshot: prune and forget never remove it.")
final class ProtectCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  ProtectCommand(CommandContext context) {
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

  // JSON result (a map: "protected" is a Java keyword): datastore, snapshot, protected.

  @Override
  public Integer call() throws Exception {
    return change(output.output(), datastore.path(), snapshot, true, context.clock());
  }

  /** Sets ({@code protect}) or clears the marker under the exclusive snapshot lock and reports. */
  static int change(
      Output out, Path datastore, SnapshotPath snapshot, boolean protect, InstantSource clock)
      throws IOException {
    DatastoreSession.requireWritable(datastore, protect ? "protect" : "unprotect", clock);
    var result = new java.util.LinkedHashMap<String, Object>();
    String rel;
    try (DatastoreSession session = DatastoreSession.open(datastore, clock)) {
      BackupDir dir = session.datastore().snapshot(snapshot);
      dir.setProtected(protect);
      rel = dir.relativePath();
      result.put("datastore", session.datastore().base().toString());
    }
    result.put("snapshot", rel);
    result.put("protected", protect);
    out.emit(result, w -> w.println((protect ? "protected " : "unprotected ") + rel));
    return ExitCodes.OK;
  }
}
