package org.jpbs.gc.reliability;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.jpbs.datastore.BackupGroup;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.BackupType;
import org.jpbs.datastore.Datastore;
import org.jpbs.datastore.Listed;

/**
 * Where the torture's groups are: the namespaces created at setup (moves add and remove others) and
 * the groups {@code host/t<i>}, which moves carry from namespace to namespace. Listings tolerate a
 * namespace or group that a concurrent move removes while they look.
 */
final class TortureLayout {
  /** Namespaces created at setup, besides the root. */
  static final List<BackupNamespace> SETUP_NAMESPACES =
      List.of(BackupNamespace.of("a"), BackupNamespace.of("b"), BackupNamespace.of("b", "c"));

  /** Names a namespace move gives its target (few, so moves also merge into existing ones). */
  static final List<String> NAMESPACE_NAMES = List.of("a", "b", "c", "d");

  private TortureLayout() {}

  static void create(Datastore ds) throws IOException {
    for (BackupNamespace ns : SETUP_NAMESPACES) {
      ds.createNamespace(ns);
    }
  }

  static String groupId(int i) {
    return "t" + i;
  }

  /** Every namespace now (the root first); an entry that vanished meanwhile is skipped. */
  static List<BackupNamespace> namespaces(Datastore ds) {
    List<BackupNamespace> out = new ArrayList<>();
    Iterator<Listed<BackupNamespace>> it =
        ds.iterateNamespaces(BackupNamespace.root(), BackupNamespace.MAX_DEPTH);
    while (it.hasNext()) {
      try {
        out.add(it.next().get());
      } catch (IOException vanished) {
        // moved or removed while listed
      }
    }
    if (out.isEmpty()) {
      out.add(BackupNamespace.root());
    }
    return out;
  }

  /** Every group now, over all namespaces. */
  static List<BackupGroup> groups(Datastore ds) throws IOException {
    List<BackupGroup> out = new ArrayList<>();
    for (BackupNamespace ns : namespaces(ds)) {
      try {
        out.addAll(ds.listGroups(ns));
      } catch (NoSuchFileException vanished) {
        // a namespace move removed it
      }
    }
    return out;
  }

  /** The groups with id {@code t<i>} now (in several namespaces after a split or a new backup). */
  static List<BackupGroup> groupsWithId(Datastore ds, int i) throws IOException {
    return groups(ds).stream().filter(g -> g.id().equals(groupId(i))).toList();
  }

  /** A random existing group {@code t<i>} for a random {@code i}, or null if there is none. */
  static BackupGroup randomGroup(Datastore ds, Random random, int groups) throws IOException {
    List<BackupGroup> found = groupsWithId(ds, random.nextInt(groups));
    return found.isEmpty() ? null : found.get(random.nextInt(found.size()));
  }

  /**
   * Where the next backup of {@code t<i>} goes: one of the namespaces holding the group (so it is
   * incremental on its base), else a random namespace.
   */
  static BackupGroup backupTarget(Datastore ds, Random random, int i) throws IOException {
    List<BackupGroup> found = groupsWithId(ds, i);
    if (!found.isEmpty()) {
      return found.get(random.nextInt(found.size()));
    }
    List<BackupNamespace> all = namespaces(ds);
    return ds.group(all.get(random.nextInt(all.size())), BackupType.HOST, groupId(i));
  }
}
