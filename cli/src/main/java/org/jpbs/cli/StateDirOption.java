package org.jpbs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Mixin giving a subcommand {@code --state-dir DIR} (the GC state, LMDB). */
final class StateDirOption {
  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "GC state directory (LMDB; must be on a local filesystem)."
              + " Default: DATASTORE/.jpbs/gc-state.")
  Path stateDir;

  /** The state directory for {@code datastore}. */
  Path resolve(Path datastore) {
    return DatastoreSession.stateDir(datastore, stateDir);
  }
}
