package org.jpbs.datastore;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link Datastore#removeNamespace} (PBS {@code remove_namespace_recursive}): what
 * was removed and what stayed.
 *
 * <p>Snapshots are removed only through {@link BackupGroup#destroy()}, i.e. under the group and
 * snapshot locks and after the datastore's removal listeners (the GC mark-phase barrier) ran;
 * protected snapshots are never removed. Namespace directories are removed bottom-up with a plain
 * {@code rmdir}, so one that gained a group meanwhile stays.
 */
public final class NamespaceRemoval {
  private final BackupNamespace namespace;
  private final List<BackupNamespace> removedNamespaces = new ArrayList<>();
  private final List<BackupNamespace> remainingNamespaces = new ArrayList<>();
  private final List<BackupDir> keptProtected = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private IOException firstFailure;
  private int removedGroups;
  private int removedSnapshots;

  private NamespaceRemoval(BackupNamespace namespace) {
    this.namespace = namespace;
  }

  /**
   * Removes {@code ns} and every namespace below it.
   *
   * @throws IllegalArgumentException for the root namespace
   * @throws NoSuchFileException if the namespace does not exist
   * @throws InvalidBackupNameException if a directory below an {@code ns/} has an invalid name
   *     (nothing removed)
   * @throws NamespaceNotEmptyException if {@code deleteGroups} is false and a namespace of the
   *     subtree holds a group (nothing removed)
   */
  static NamespaceRemoval run(Datastore store, BackupNamespace ns, boolean deleteGroups)
      throws IOException {
    if (ns.isRoot()) {
      throw new IllegalArgumentException("the root namespace cannot be removed");
    }
    if (!store.namespaceExists(ns)) {
      throw new NoSuchFileException(
          store.namespacePath(ns).toString(), null, "namespace '" + ns + "' does not exist");
    }
    List<BackupNamespace> subtree =
        store.listNamespaces(ns, BackupNamespace.MAX_DEPTH - ns.depth());
    NamespaceRemoval r = new NamespaceRemoval(ns);
    if (!deleteGroups) {
      List<String> groups = new ArrayList<>();
      for (BackupNamespace n : subtree) {
        for (BackupGroup g : store.listGroups(n)) {
          groups.add(g.relativePath());
        }
      }
      if (!groups.isEmpty()) {
        throw new NamespaceNotEmptyException(store.namespacePath(ns), ns, groups);
      }
    } else {
      for (BackupNamespace n : subtree) {
        r.destroyGroups(store, n);
      }
    }
    subtree.sort(Comparator.comparingInt(BackupNamespace::depth).reversed());
    for (BackupNamespace n : subtree) {
      r.removeDirectory(store.namespacePath(n), n);
      if (r.removedNamespaces.contains(n)) {
        try {
          store.metadata().delete(Datastore.namespaceMarker(n)); // after the rmdir, unlike PBS
        } catch (IOException e) {
          r.fail(Datastore.namespaceMarker(n) + ": " + e.getMessage(), e);
        }
      }
    }
    return r;
  }

  private void destroyGroups(Datastore store, BackupNamespace n) throws IOException {
    for (BackupGroup g : store.listGroups(n)) {
      try {
        BackupGroup.DestroyStats st = g.destroy();
        removedSnapshots += st.removedSnapshots();
        if (st.groupRemoved()) {
          removedGroups++;
        }
      } catch (IOException e) {
        fail(g.relativePath() + ": " + e.getMessage(), e);
      }
      if (g.exists()) {
        for (SnapshotInfo s : g.listSnapshots()) {
          if (s.isProtected()) {
            keptProtected.add(s.dir());
          }
        }
      }
    }
  }

  private void removeDirectory(Path dir, BackupNamespace n) {
    List<String> subdirs = new ArrayList<>(List.of(BackupNamespace.NS_DIR));
    for (BackupType t : BackupType.values()) {
      subdirs.add(t.dirName());
    }
    for (String sub : subdirs) {
      try {
        Files.deleteIfExists(dir.resolve(sub)); // rmdir: only when empty (as PBS, best effort)
      } catch (IOException e) {
        // not empty: a child or a group stayed; the rmdir of dir below reports it
      }
    }
    try {
      Files.delete(dir);
      removedNamespaces.add(n);
    } catch (NoSuchFileException e) {
      removedNamespaces.add(n);
    } catch (DirectoryNotEmptyException e) {
      remainingNamespaces.add(n);
    } catch (IOException e) {
      remainingNamespaces.add(n);
      fail(dir + ": " + e.getMessage(), e);
    }
  }

  private void fail(String line, IOException e) {
    failures.add(line);
    if (firstFailure == null) {
      firstFailure = e;
    }
  }

  /** Returns the namespace asked to be removed. */
  public BackupNamespace namespace() {
    return namespace;
  }

  /** Returns whether the namespace and everything below it is gone. */
  public boolean removedAll() {
    return remainingNamespaces.isEmpty() && keptProtected.isEmpty() && failures.isEmpty();
  }

  /** Returns the removed namespaces, deepest first. */
  public List<BackupNamespace> removedNamespaces() {
    return List.copyOf(removedNamespaces);
  }

  /** Returns the namespaces whose directory stayed (not empty, or failed), deepest first. */
  public List<BackupNamespace> remainingNamespaces() {
    return List.copyOf(remainingNamespaces);
  }

  /** Returns the protected snapshots that were kept. */
  public List<BackupDir> keptProtected() {
    return List.copyOf(keptProtected);
  }

  /** Returns one line per group or directory whose removal failed (e.g. in use). */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** Returns the first removal failure (e.g. a lock held by a backup), if any. */
  public Optional<IOException> firstFailure() {
    return Optional.ofNullable(firstFailure);
  }

  /** Returns the number of groups removed. */
  public int removedGroups() {
    return removedGroups;
  }

  /** Returns the number of snapshots removed. */
  public int removedSnapshots() {
    return removedSnapshots;
  }
}
