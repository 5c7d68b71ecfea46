package org.jpbs.cli;

import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.Datastore;
import picocli.CommandLine.Option;

/**
 * Mixin giving a group command {@code --ns NS}; the command declares {@code TYPE/ID} itself
 * (picocli checks a mixin's positionals on their own).
 */
final class GroupOptions {
  @Option(
      names = "--ns",
      paramLabel = "NS",
      converter = Converters.Namespace.class,
      description = "Namespace of the group (default: the root).")
  BackupNamespace ns = BackupNamespace.root();

  /** The group {@code group} of this namespace in {@code store}. */
  BackupGroup in(Datastore store, Converters.GroupRef group) {
    return store.group(ns, group.type(), group.id());
  }
}
