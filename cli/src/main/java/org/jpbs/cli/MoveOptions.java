package org.jpbs.cli;

import picocli.CommandLine.Option;

/** Mixin giving {@code move-group} and {@code move-namespace} their shared options. */
final class MoveOptions {
  @Option(names = "--no-merge", description = "Refuse groups that exist at the target.")
  boolean noMerge;

  @Option(names = "--dry-run", description = "Check and list what would move; change nothing.")
  boolean dryRun;
}
