package org.jpbs.cli;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jpbs.cli.output.Output;
import org.jpbs.cli.output.OutputOptions;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.lock.LockGuard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jpbs change-owner DATASTORE [--ns NS] TYPE/ID NEW_OWNER}: PBS {@code change-owner} (API
 * and client command of that name): rewrites the group's {@code owner} file, under the group lock
 * (exit 3 while a backup runs in the group).
 */
@Command(
    name = "change-owner",
    mixinStandardHelpOptions = true,
    description = "Change the owner (Auth-ID) of a backup group; exit 3 while it is in use.")
final class ChangeOwnerCommand implements Callable<Integer> {
  private final CommandContext context;

  /** Created by picocli through {@link Main}'s factory, with the process's clock and exit codes. */
  ChangeOwnerCommand(CommandContext context) {
    this.context = context;
  }

  @Mixin OutputOptions output;
  @Mixin DatastoreParameter datastore;
  @Mixin GroupOptions group;

  @Parameters(
      index = "1",
      paramLabel = "TYPE/ID",
      converter = Converters.Group.class,
      description = "The backup group, e.g. vm/100.")
  Converters.GroupRef typeId;

  @Parameters(
      index = "2",
      paramLabel = "NEW_OWNER",
      converter = Converters.Owner.class,
      description = "user@realm or user@realm!token.")
  String owner;

  /**
   * JSON result of {@code change-owner}.
   *
   * @param datastore the datastore base directory
   * @param group {@code [ns:]type/id}
   * @param previousOwner the owner before
   * @param owner the owner now
   */
  record Result(Path datastore, String group, String previousOwner, String owner) {}

  @Override
  @SuppressWarnings("try") // the guard is held for the scope of the try
  public Integer call() throws Exception {
    Output out = output.output();
    DatastoreSession.requireWritable(datastore.path(), "change-owner", context.clock());
    Result r;
    try (DatastoreSession session = DatastoreSession.open(datastore.path(), context.clock())) {
      BackupGroup g = group.in(session.datastore(), typeId);
      try (LockGuard held = g.lock()) {
        if (!g.exists()) {
          throw new NoSuchFileException(
              g.fullPath().toString(), null, "backup group does not exist");
        }
        String previous = g.owner();
        g.setOwner(owner, true);
        r = new Result(session.datastore().base(), g.toString(), previous, g.owner());
      }
    }
    out.emit(r, w -> w.println("owner of " + r.group() + ": " + r.owner()));
    return ExitCodes.OK;
  }
}
