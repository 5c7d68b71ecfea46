package org.jpbs.cli;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.BackupGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jpbs remove-group DATASTORE [--ns NS] TYPE/ID}: PBS {@code delete_group}: every
 * unprotected snapshot removed as {@code forget} removes it (mark-phase barrier included), then the
 * group if nothing is left; protected snapshots stay (exit 1, the group partially removed).
 */
@Command(
    name = "remove-group",
    mixinStandardHelpOptions = true,
    description = {
      "Remove a backup group and all its unprotected snapshots (exit 3 while it is in use).",
      "Protected snapshots stay and keep the group (exit 1); the next gc frees the chunks."
    })
final class RemoveGroupCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  RemoveGroupCommand(CommandContext context) {
    this.context = context;
  }

  @Mixin OutputOptions output;
  @Mixin StateDirOption state;
  @Mixin DatastoreParameter datastore;
  @Mixin GroupOptions group;

  @Parameters(
      index = "1",
      paramLabel = "TYPE/ID",
      converter = Converters.Group.class,
      description = "The backup group, e.g. vm/100.")
  Converters.GroupRef typeId;

  /**
   * JSON result of {@code remove-group} (printed also when protected snapshots stayed).
   *
   * @param datastore the datastore base directory
   * @param group {@code [ns:]type/id}
   * @param removedSnapshots snapshots removed
   * @param protectedSnapshots protected snapshots kept
   * @param groupRemoved whether the group is gone
   */
  record Result(
      Path datastore,
      String group,
      int removedSnapshots,
      int protectedSnapshots,
      boolean groupRemoved) {}

  @Override
  public Integer call() throws Exception {
    Output out = output.output();
    DatastoreSession.requireWritable(datastore.path(), "remove-group", context.clock());
    Result r;
    try (DatastoreSession session =
        DatastoreSession.open(datastore.path(), state.resolve(datastore.path()), context.clock())
            .guardRemovals()) {
      BackupGroup g = group.in(session.datastore(), typeId);
      if (!g.exists()) {
        throw new NoSuchFileException(g.fullPath().toString(), null, "backup group does not exist");
      }
      BackupGroup.DestroyStats s = g.destroy();
      r =
          new Result(
              session.datastore().base(),
              g.toString(),
              s.removedSnapshots(),
              s.protectedSnapshots(),
              s.groupRemoved());
    }
    out.emit(r, w -> w.println("removed " + r.removedSnapshots() + " snapshots of " + r.group()));
    if (r.groupRemoved()) {
      return ExitCodes.OK;
    }
    throw new CommandFailedException(
        ExitCodes.FAILURE,
        "backup group "
            + r.group()
            + " only partially removed: "
            + r.protectedSnapshots()
            + " protected snapshot(s) kept",
        "unprotect them first ('jpbs unprotect') to remove the whole group");
  }
}
