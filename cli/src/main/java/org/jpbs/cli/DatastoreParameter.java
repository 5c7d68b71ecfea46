package org.jpbs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * Mixin giving a subcommand its first positional, {@code DATASTORE} (the datastore directory), so
 * that every command names and describes it the same way.
 */
final class DatastoreParameter {
  @Parameters(index = "0", paramLabel = "DATASTORE", description = "Datastore directory.")
  Path path;

  /** The datastore directory as given. */
  Path path() {
    return path;
  }
}
